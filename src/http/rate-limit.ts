import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { ApiKeyOf } from './access.ts';
import { graphqlErrorResponse } from './responses.ts';

/** What a limiter decided about one request. */
export interface RateLimitDecision {
  allowed: boolean;
  /** The limit actually enforced, per minute. */
  limit: number;
  /** Requests left in the current window (an estimate where the limiter cannot count exactly). */
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/** Counts one request against `bucket`, which may make `perMinute` requests a minute. */
export interface RateLimiter {
  limit(bucket: string, perMinute: number): Promise<RateLimitDecision>;
}

/**
 * Fixed one-minute windows counted in memory: exact within one process (the Node server). A window
 * starts at a bucket's first request, or, with `aligned`, at each wall-clock minute (as Cloudflare's
 * limiter and its local simulation count). Expired windows are swept, so memory follows the number
 * of clients active in the last minute, and at most maxBuckets are kept (about 100 bytes each): past
 * that, the oldest window is dropped, so a flood of addresses cannot grow the map without bound.
 * (Why not rate-limiter-flexible: docs/decisions.md.)
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #windowMs: number;
  readonly #aligned: boolean;
  readonly #now: () => number;
  #lastSweep = 0;

  readonly #maxBuckets: number;

  constructor(options: { windowMs?: number; aligned?: boolean; now?: () => number; maxBuckets?: number } = {}) {
    this.#maxBuckets = options.maxBuckets ?? 100_000;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#aligned = options.aligned ?? false;
    this.#now = options.now ?? Date.now;
  }

  async limit(bucket: string, perMinute: number): Promise<RateLimitDecision> {
    return this.count(bucket, perMinute);
  }

  /** Buckets held: what the hostile-input tests bound. */
  get size(): number {
    return this.#windows.size;
  }

  /** The synchronous core of limit(). */
  count(bucket: string, limit: number): RateLimitDecision {
    const now = this.#now();
    const windowStart = this.#aligned ? now - (now % this.#windowMs) : now;
    this.#sweep(now);
    let window = this.#windows.get(bucket);
    if (!window || now - window.start >= this.#windowMs) {
      window = { start: windowStart, count: 0 };
      this.#windows.delete(bucket);
      if (this.#windows.size >= this.#maxBuckets) this.#windows.delete(this.#windows.keys().next().value!);
      this.#windows.set(bucket, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000));
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    window.count++;
    return { allowed: true, limit, remaining: limit - window.count, resetSeconds };
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#windowMs) return;
    this.#lastSweep = now;
    for (const [bucket, window] of this.#windows) if (now - window.start >= this.#windowMs) this.#windows.delete(bucket);
  }
}

/** Cloudflare's Rate Limiting binding (`[[ratelimits]]` in wrangler.toml), typed structurally so this file needs no Workers types. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * The Worker's limiter, over Cloudflare Rate Limiting bindings. A binding's limit is fixed in
 * wrangler.toml, so there is one binding per tier (`RATE_LIMIT_<n>`, n requests a minute) and a
 * request is counted on the largest tier not above its allowance (a key's per-minute limit, or the
 * anonymous limit); an allowance below every tier gets the smallest. The limit a key gets on the
 * Worker is therefore its own rounded down to a tier, and RateLimit-Limit says which.
 *
 * Cloudflare counts per location and answers only allowed/denied, so RateLimit-Remaining here is this
 * isolate's own count (an estimate: other isolates' requests are not in it), 0 once denied; windows
 * are taken as wall-clock minutes for RateLimit-Reset and Retry-After.
 */
export class BindingRateLimiter implements RateLimiter {
  readonly tiers: { limit: number; binding: RateLimitBinding }[];
  readonly #local: MemoryRateLimiter;

  constructor(tiers: { limit: number; binding: RateLimitBinding }[], local = new MemoryRateLimiter({ aligned: true })) {
    if (!tiers.length) throw new Error('BindingRateLimiter needs at least one RATE_LIMIT_<n> binding');
    this.tiers = [...tiers].sort((a, b) => a.limit - b.limit);
    this.#local = local;
  }

  /** Finds the `RATE_LIMIT_<n>` bindings in a Worker's env. */
  static fromEnv(env: Record<string, unknown>): BindingRateLimiter | undefined {
    const tiers = Object.entries(env).flatMap(([name, value]) => {
      const match = /^RATE_LIMIT_(\d+)$/.exec(name);
      const binding = value as RateLimitBinding | undefined;
      return match && typeof binding?.limit === 'function' ? [{ limit: Number(match[1]), binding }] : [];
    });
    return tiers.length ? new BindingRateLimiter(tiers) : undefined;
  }

  tierFor(perMinute: number): { limit: number; binding: RateLimitBinding } {
    return this.tiers.findLast((t) => t.limit <= perMinute) ?? this.tiers[0]!;
  }

  async limit(bucket: string, perMinute: number): Promise<RateLimitDecision> {
    const tier = this.tierFor(perMinute);
    const { success } = await tier.binding.limit({ key: bucket });
    const local = this.#local.count(`${tier.limit}:${bucket}`, tier.limit);
    return { allowed: success, limit: tier.limit, remaining: success ? local.remaining : 0, resetSeconds: local.resetSeconds };
  }
}

export interface RateLimitPluginOptions<ServerContext extends Record<string, any>> {
  /** The limiter for this request; undefined turns limiting off. */
  limiter: (serverContext: ServerContext) => RateLimiter | undefined;
  anonymousPerMinute: (serverContext: ServerContext) => number;
  /** The client's address: anonymous requests are counted per address. */
  clientAddress: (request: Request, serverContext: ServerContext) => string;
  apiKeyOf: ApiKeyOf<ServerContext>;
}

/**
 * Counts every request before anything but the API key lookup runs: per key (the key's per-minute
 * limit) or, without a valid key, per client address (the anonymous limit; a wrong key is counted
 * here too, so guessing keys is throttled). Over the limit: 429 with Retry-After and a RATE_LIMITED
 * error naming the limit. Every counted response carries RateLimit-Limit, -Remaining, -Reset and
 * RateLimit-Policy (IETF draft-ietf-httpapi-ratelimit-headers).
 */
export function rateLimitPlugin<ServerContext extends Record<string, any>>(options: RateLimitPluginOptions<ServerContext>): Plugin<Record<string, unknown>, ServerContext> {
  const decisions = new WeakMap<Request, RateLimitDecision>();
  const limit = async (limiter: RateLimiter, request: Request, serverContext: ServerContext, fetchAPI: FetchAPI, endResponse: (response: Response) => void) => {
    const key = request.headers.has('authorization') ? await options.apiKeyOf(request, serverContext) : null;
    const anonymous = options.anonymousPerMinute(serverContext);
    const bucket = key ? `key:${key.id}` : `ip:${options.clientAddress(request, serverContext)}`;
    const decision = await limiter.limit(bucket, key ? key.perMinute : anonymous);
    decisions.set(request, decision);
    if (decision.allowed) return;
    const who = key
      ? `the API key "${key.name}"`
      : `anonymous clients (per IP address; an API key raises it: see "For partners" in the README)`;
    endResponse(
      graphqlErrorResponse(
        request,
        fetchAPI,
        429,
        {
          message: `Rate limit exceeded: ${decision.limit} requests per minute for ${who}. Retry in ${decision.resetSeconds} s.`,
          extensions: { code: 'RATE_LIMITED', limit: decision.limit, period: 60, retryAfter: decision.resetSeconds },
        },
        { 'retry-after': String(decision.resetSeconds) },
      ),
    );
  };
  return {
    // Synchronous when limits are off: an async hook would cost every request a promise round.
    onRequest({ request, serverContext, fetchAPI, endResponse }) {
      if (request.method === 'OPTIONS') return;
      const limiter = options.limiter(serverContext);
      if (limiter) return limit(limiter, request, serverContext, fetchAPI, endResponse);
    },
    onResponse({ request, response }) {
      const decision = decisions.get(request);
      if (!decision) return;
      response.headers.set('RateLimit-Limit', String(decision.limit));
      response.headers.set('RateLimit-Remaining', String(decision.remaining));
      response.headers.set('RateLimit-Reset', String(decision.resetSeconds));
      response.headers.set('RateLimit-Policy', `${decision.limit};w=60`);
    },
  };
}
