import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { getOperationAST, GraphQLError, Kind, specifiedRules, visit, type DocumentNode, type ExecutionResult, type GraphQLSchema, type ValueNode } from 'graphql';
import { maxHighlightMarkerLength } from '../graphql/article.ts';
import { readAtMost } from '../lib/read-at-most.ts';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { graphqlErrorResponse, type ExecutionResultWithSerializer } from './responses.ts';
import { requestTiming } from './timing.ts';

/** The limits every request is held to; README "For partners" lists them. */
export const requestLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 20,
  maxBodyBytes: 1024 * 1024,
  /** Nesting of the `variables` and `extensions` JSON. */
  maxJsonDepth: 32,
  /** Items in any one list within `variables` (every list argument takes far fewer). */
  maxJsonListItems: 1000,
  /** The serialised result; bigger ones are replaced by RESPONSE_TOO_LARGE. */
  maxResponseBytes: 16 * 1024 * 1024,
  /** Time a query may run; a mutation gets mutationBudgetMs. Over it: REQUEST_TIMEOUT. */
  queryBudgetMs: 10_000,
  mutationBudgetMs: 60_000,
} as const;

function tooLarge(maxBytes: number, Response: typeof globalThis.Response): Response {
  return Response.json(
    { errors: [{ message: `The request body exceeds the limit of ${maxBytes} bytes.`, extensions: { code: 'REQUEST_TOO_LARGE', limit: maxBytes } }] },
    { status: 413 },
  );
}

/**
 * Rejects bodies over the cap with 413 before yoga parses them. The one body limit: yoga's own
 * (maxRequestBodySize, src/yoga.ts) is off, as it piped every body through a TransformStream.
 */
export function bodyLimitPlugin(maxBytes: number = requestLimits.maxBodyBytes): Plugin {
  return {
    // Synchronous (a Content-Length is on most requests): an async hook would cost every request a promise round.
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const length = request.headers.get('content-length');
      // As yoga's limit did: only one non-negative integer is a Content-Length (no smuggled lists).
      if (length !== null && !/^\d+$/.test(length)) {
        endResponse(graphqlErrorResponse(request, fetchAPI, 400, { message: 'Content-Length header is invalid.', extensions: { code: 'BAD_REQUEST' } }));
        return;
      }
      if (length !== null && Number(length) > maxBytes) endResponse(tooLarge(maxBytes, fetchAPI.Response));
    },
    // A body without a Content-Length (chunked) is read here, up to the cap, and handed to yoga's own
    // parser as bytes: reading a clone in onRequest left the ponyfilled request's body consumed.
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || request.method === 'GET' || request.method === 'HEAD' || request.headers.has('content-length')) return;
      setRequestParser(async (streamed) => {
        const bytes = streamed.body ? await readAtMost(streamed.body, maxBytes) : new Uint8Array(0);
        if (bytes === null) return tooLarge(maxBytes, fetchAPI.Response);
        return requestParser(new fetchAPI.Request(streamed.url, { method: streamed.method, headers: streamed.headers, body: bytes }));
      });
    },
  };
}

/**
 * GraphQL Armor rejects deep, wide, long or costly documents during parse and validation, so
 * they never reach a resolver or the database.
 */
export function armorPlugin(): Plugin {
  // Armor's errors carry no code; each protection tags its own so clients can tell them apart.
  const code = (name: string, limit: number) => ({
    onReject: [
      (_ctx: unknown, error: GraphQLError) => {
        Object.assign(error.extensions, { code: name, limit });
      },
    ],
  });
  return EnvelopArmorPlugin({
    maxDepth: { n: requestLimits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...code('QUERY_TOO_DEEP', requestLimits.maxDepth) },
    maxAliases: { n: requestLimits.maxAliases, ...code('TOO_MANY_ALIASES', requestLimits.maxAliases) },
    maxTokens: { n: requestLimits.maxTokens, ...code('TOO_MANY_TOKENS', requestLimits.maxTokens) },
    maxDirectives: { n: requestLimits.maxDirectives, ...code('TOO_MANY_DIRECTIVES', requestLimits.maxDirectives) },
    // Cost is limited once, by Pothos's complexity plugin (src/graphql/builder.ts), which counts `first`.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}

/**
 * What is wrong with the shape of `value`, walked iteratively (a hostile value cannot overflow the
 * stack): nesting deeper than maxJsonDepth, or a list longer than maxJsonListItems. Null when fine.
 */
function jsonShapeProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= requestLimits.maxJsonDepth) return `is nested deeper than ${requestLimits.maxJsonDepth} levels`;
    if (Array.isArray(item) && item.length > requestLimits.maxJsonListItems) return `has a list of more than ${requestLimits.maxJsonListItems} items`;
    for (const child of Object.values(item)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return null;
}

/** Whether JSON text nests deeper than `limit`, found in one pass that stops there: V8's JSON.parse is slow on deep nesting. */
function jsonTextNestsDeeper(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

const badRequest = (message: string, extra: Record<string, unknown> = {}) =>
  createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', ...extra, http: { status: 400 } } });

/**
 * Request parameters a client got wrong, answered 400 BAD_REQUEST instead of failing deep inside
 * yoga or our plugins: GET `variables`/`extensions` that are not JSON objects (yoga would throw a
 * SyntaxError, a 500), JSON bodies nested deeper than maxJsonDepth (refused before JSON.parse, which
 * is slow on them; recursive walks such as the response cache's key would overflow the stack), and
 * lists longer than maxJsonListItems (refused before GraphQL coerces every item).
 */
export function requestParamsPlugin(): Plugin {
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const raw = url.searchParams.get(name);
        if (raw === null || raw === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(raw);
        } catch {
          value = undefined;
        }
        if (value === null || (typeof value === 'object' && !Array.isArray(value) && !jsonShapeProblem(value))) continue;
        endResponse(
          graphqlErrorResponse(request, fetchAPI, 400, {
            message: `The "${name}" parameter must be a JSON object (at most ${requestLimits.maxJsonDepth} levels deep, lists of at most ${requestLimits.maxJsonListItems}).`,
            extensions: { code: 'BAD_REQUEST', argument: name },
          }),
        );
        return;
      }
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST' || !/^application\/(graphql\+)?json\b/i.test(request.headers.get('content-type') ?? '')) return;
      setRequestParser(async (req) => {
        const text = await req.text();
        // The body adds a level around variables: {"variables": {...}}.
        if (jsonTextNestsDeeper(text, requestLimits.maxJsonDepth + 1)) {
          throw badRequest(`The body is nested deeper than ${requestLimits.maxJsonDepth} levels.`, { limit: requestLimits.maxJsonDepth });
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw badRequest('POST body sent invalid JSON.');
        }
        if (body === null || typeof body !== 'object') throw badRequest(`POST body is expected to be an object but received ${body === null ? 'null' : typeof body}.`);
        return body as never;
      });
    },
    onParams({ params }) {
      for (const name of ['variables', 'extensions'] as const) {
        const problem = jsonShapeProblem(params[name]);
        if (problem) throw badRequest(`"${name}" ${problem}.`, { limit: problem.includes('nested') ? requestLimits.maxJsonDepth : requestLimits.maxJsonListItems });
      }
    },
  };
}

/**
 * How a time budget's expiry is scheduled. `per-request`: a timer for each execution, what a Worker
 * needs (its timers and promises belong to the request that made them). `shared`: one timer at a time
 * for all the app's pending executions, armed for the earliest: on Node a timer per request cost
 * 20-35 µs of the headline query (paired in one process at 100k), a shared one is set about once
 * per budget.
 */
export type BudgetTimers = 'per-request' | 'shared';

/** Calls `expire` at the deadline unless the returned function was called first. */
export type ScheduleExpiry = (limitMs: number, expire: () => void) => () => void;

const perRequestExpiry: ScheduleExpiry = (limitMs, expire) => {
  const timer = setTimeout(expire, limitMs);
  return () => clearTimeout(timer);
};

/** Expiries timed by one timer at a time per budget length (BudgetTimers `shared`). */
export function sharedExpiry(): ScheduleExpiry {
  // Pending expiries per budget length: within one length, deadlines come in the order added.
  // A finished one only drops its callback (and what that holds); the queue's head is trimmed.
  const queues = new Map<number, { deadline: number; expire: (() => void) | null }[]>();
  const armed = new Set<number>();
  const arm = (limitMs: number, delayMs: number) => {
    armed.add(limitMs);
    const timer = setTimeout(() => fire(limitMs), delayMs);
    // Node: the timer alone does not keep the process alive (an execution waiting on I/O does).
    (timer as { unref?: () => void }).unref?.();
  };
  const fire = (limitMs: number) => {
    armed.delete(limitMs);
    const queue = queues.get(limitMs)!;
    const now = performance.now();
    while (queue.length && (queue[0]!.expire === null || queue[0]!.deadline <= now)) queue.shift()!.expire?.();
    if (queue.length) arm(limitMs, queue[0]!.deadline - now);
  };
  return (limitMs, expire) => {
    let queue = queues.get(limitMs);
    if (!queue) queues.set(limitMs, (queue = []));
    while (queue.length && queue[0]!.expire === null) queue.shift();
    const entry: { deadline: number; expire: (() => void) | null } = { deadline: performance.now() + limitMs, expire };
    queue.push(entry);
    if (!armed.has(limitMs)) arm(limitMs, limitMs);
    return () => {
      entry.expire = null;
    };
  };
}

/**
 * A time budget per operation: past it, no further SQL starts (src/http/timing.ts) and the
 * response is a REQUEST_TIMEOUT error instead of whatever was still running. Sizes are checked
 * before work starts, so only pathological data, not input, should ever reach it.
 */
export function requestBudgetPlugin(
  budgets: { queryMs: number; mutationMs: number } = { queryMs: requestLimits.queryBudgetMs, mutationMs: requestLimits.mutationBudgetMs },
  timers: BudgetTimers = 'shared',
): Plugin {
  const scheduleExpiry = timers === 'shared' ? sharedExpiry() : perRequestExpiry;
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request }).request;
      const mutation = getOperationAST(args.document, args.operationName)?.operation === 'mutation';
      const limit = mutation ? budgets.mutationMs : budgets.queryMs;
      const timeout = () =>
        new GraphQLError(`The request ran out of its time budget of ${limit} ms; ask for less (fewer or smaller pages, a narrower filter).`, {
          extensions: { code: 'REQUEST_TIMEOUT', limit },
        });
      if (request && !mutation) {
        // A mutation is never cut between statements: each article is written whole.
        const timing = requestTiming(request);
        timing.deadline = performance.now() + limit;
        timing.overBudget = timeout;
      }
      setExecuteFn((executeArgs) => {
        let cancel: (() => void) | undefined;
        const expired = new Promise<ExecutionResult>((resolve) => {
          cancel = scheduleExpiry(limit, () => resolve({ data: null, errors: [timeout()] }));
        });
        return Promise.race([Promise.resolve(executeFn(executeArgs)), expired]).finally(() => cancel!()) as ReturnType<typeof executeFn>;
      });
    },
  };
}

/**
 * Caps the serialised result at maxResponseBytes: the cost analysis bounds how many items a query
 * may ask for, this bounds what they add up to (long bodies under many aliases).
 */
export function responseSizePlugin(maxBytes: number = requestLimits.maxResponseBytes): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      const single = result as ExecutionResultWithSerializer;
      let text: string | null = null;
      try {
        text = JSON.stringify(single);
      } catch {
        // longer than a string can be
      }
      if (text !== null && text.length <= maxBytes) {
        // Reused only while the result is this object, unchanged: yoga hands results with errors
        // (or extensions.http) to stringify as sanitised copies, which are serialised afresh.
        if (!single.errors?.length && !single.extensions) {
          Object.defineProperty(single, 'stringify', { value: (value: ExecutionResult) => (value === single ? text : JSON.stringify(value)), configurable: true });
        }
        return;
      }
      setResult({
        data: null,
        errors: [
          new GraphQLError(`The response would exceed ${maxBytes} bytes: ask for fewer items, or fewer long fields such as body.`, {
            extensions: { code: 'RESPONSE_TOO_LARGE', limit: maxBytes },
          }),
        ],
      });
    },
  };
}

/**
 * Highlight markers checked before execution: the snippet resolvers refuse long ones too, but only
 * after the page they highlight was searched, so a query of aliases would still cost a search each.
 */
export function highlightMarkersPlugin(): Plugin {
  // Documents come from yoga's parser cache, the same object per query text: most have no
  // highlight argument at all, found once per document instead of walked per request.
  const withHighlight = new WeakMap<DocumentNode, boolean>();
  const hasHighlight = (document: DocumentNode) => {
    let found = withHighlight.get(document);
    if (found === undefined) {
      found = false;
      visit(document, {
        Argument(node) {
          if (node.name.value === 'highlight') found = true;
        },
      });
      withHighlight.set(document, found);
    }
    return found;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!hasHighlight(args.document)) return;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const valueOf = (node: ValueNode): unknown => (node.kind === Kind.VARIABLE ? variables[node.name.value] : node.kind === Kind.STRING ? node.value : undefined);
      let tooLong: string | null = null;
      visit(args.document, {
        Argument(node) {
          if (node.name.value !== 'highlight' || tooLong) return;
          const value = valueOf(node.value) ?? (node.value.kind === Kind.OBJECT ? Object.fromEntries(node.value.fields.map((f) => [f.name.value, valueOf(f.value)])) : undefined);
          for (const name of ['open', 'close']) {
            const marker = (value as Record<string, unknown> | undefined)?.[name];
            if (typeof marker === 'string' && marker.length > maxHighlightMarkerLength) tooLong = name;
          }
        },
      });
      if (tooLong) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`highlight.${tooLong} is too long; markers may have at most ${maxHighlightMarkerLength} characters.`, {
              extensions: { code: 'BAD_USER_INPUT', argument: 'highlight', limit: maxHighlightMarkerLength },
            }),
          ],
        });
      }
    },
  };
}

type ValidationResult = readonly Error[];
type RulesNode = { next: Map<string, RulesNode>; results?: WeakMap<GraphQLSchema, WeakMap<DocumentNode, ValidationResult>> };

/**
 * yoga's validation cache (its option `validationCache`, off in src/yoga.ts), keyed the same way (the
 * rules' names, the schema, the document object from the parser cache) but without joining ~30
 * rule names into a string and hashing it on every request (armor adds its rules per request):
 * 7-14 µs of the headline query. The names are walked through a tree of maps instead, and
 * graphql's own rules, which lead every list, are recognised by identity: reading their 27 names
 * cost ~10 µs a request, a megamorphic property read each (NEWEST at 100k). Placed last, as
 * yoga's is, so it sees the rules every plugin adds (armor's).
 */
export function validationCachePlugin(): Plugin {
  const root: RulesNode = { next: new Map() };
  const afterSpecified: RulesNode = { next: new Map() };
  const startsWithSpecified = (rules: readonly unknown[]) => {
    if (rules.length < specifiedRules.length) return false;
    for (let i = 0; i < specifiedRules.length; i++) if (rules[i] !== specifiedRules[i]) return false;
    return true;
  };
  return {
    onValidate({ params: { schema, documentAST, rules }, setResult }) {
      if (schema == null) return;
      const list = (rules ?? []) as readonly { name: string }[];
      // The node for the specified rules is not root's child by their names: `afterSpecified`
      // holds only lists that begin with graphql's own rule objects.
      const specified = startsWithSpecified(list);
      let node = specified ? afterSpecified : root;
      for (let i = specified ? specifiedRules.length : 0; i < list.length; i++) {
        const name = list[i]!.name;
        let next = node.next.get(name);
        if (!next) node.next.set(name, (next = { next: new Map() }));
        node = next;
      }
      node.results ??= new WeakMap();
      let byDocument = node.results.get(schema);
      if (!byDocument) node.results.set(schema, (byDocument = new WeakMap()));
      const cached = byDocument.get(documentAST);
      if (cached) {
        setResult(cached as GraphQLError[]);
        return;
      }
      return ({ result }) => {
        if (result != null) byDocument.set(documentAST, result);
      };
    },
  };
}
