// Hrana 3 over HTTP, JSON encoding: the protocol's structures, its errors, value encoding, and the
// checks and evaluation of batch conditions.
export type ProtoValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: unknown /* a number, or raw JSON for ±Infinity */ }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

export interface ProtoError {
  message: string;
  code: string;
}

export interface ProtoCol {
  name: string | null;
  decltype: string | null;
}

export interface StmtResult {
  cols: ProtoCol[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  rows_read: number;
  rows_written: number;
  query_duration_ms: number;
}

export interface BatchResult {
  step_results: (StmtResult | null)[];
  step_errors: (ProtoError | null)[];
}

export type JsonObject = Record<string, unknown>;
export type SqlValue = null | bigint | number | string | Buffer;

/** An error reported back to the client as a Hrana `Error` with this code. */
export class HranaError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** An error that fails the whole HTTP request. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export const protoFail = (message: string): never => {
  throw new HranaError(message, 'HRANA_PROTO_ERROR');
};

export function toProtoError(err: unknown): ProtoError {
  if (err instanceof HranaError) return { message: err.message, code: err.code };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    // libsql's SqliteError carries codes like SQLITE_CONSTRAINT_PRIMARYKEY; errors raised by the
    // binding layer itself (e.g. an out-of-range BigInt) have none.
    return { message: err.message, code: typeof code === 'string' && code !== '' ? code : 'SQLITE_ERROR' };
  }
  return { message: String(err), code: 'UNKNOWN' };
}

// JSON cannot spell ±Infinity (SQLite can produce it, e.g. 1e308*10); `1e999` parses back to Infinity.
const rawJSON = (JSON as unknown as { rawJSON?: (text: string) => unknown }).rawJSON;
function encodeFloat(n: number): unknown {
  if (Number.isFinite(n)) return n;
  if (rawJSON) return rawJSON(n > 0 ? '1e999' : '-1e999');
  return n > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}

export function encodeValue(v: unknown): ProtoValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  // With safeIntegers on, SQLite integers arrive as bigint, so a number is always a REAL.
  if (typeof v === 'number') return { type: 'float', value: encodeFloat(v) };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  return { type: 'text', value: String(v) };
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

export function decodeValue(raw: unknown): SqlValue {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) protoFail('Value must be an object');
  const v = raw as JsonObject;
  switch (v.type) {
    case 'null':
      return null;
    case 'integer': {
      const s = v.value;
      if (typeof s !== 'string' && typeof s !== 'number') return protoFail('Integer value must be a string');
      if (typeof s === 'string' && !/^[+-]?\d+$/.test(s.trim())) return protoFail(`Invalid integer value ${JSON.stringify(s)}`);
      if (typeof s === 'number' && !Number.isInteger(s)) return protoFail(`Invalid integer value ${s}`);
      const n = BigInt(typeof s === 'string' ? s.trim() : s);
      if (n < I64_MIN || n > I64_MAX) return protoFail(`Integer value ${s} does not fit in 64 bits`);
      return n;
    }
    case 'float': {
      const f = typeof v.value === 'string' ? Number(v.value) : v.value;
      if (typeof f !== 'number' || Number.isNaN(f)) return protoFail('Float value must be a number');
      return f;
    }
    case 'text':
      if (typeof v.value !== 'string') return protoFail('Text value must be a string');
      return v.value;
    case 'blob': {
      const b = v.base64 ?? '';
      if (typeof b !== 'string') return protoFail('Blob value must be base64 text');
      return Buffer.from(b, 'base64');
    }
    default:
      return protoFail(`Unknown value type ${JSON.stringify(v.type)}`);
  }
}

/** Step outcomes so far, for batch conditions. */
export type StepOutcome = 'ok' | 'error' | 'skipped';

function checkCond(cond: unknown, stepIndex: number): void {
  if (cond === null || typeof cond !== 'object') protoFail('Batch condition must be an object');
  const c = cond as JsonObject;
  switch (c.type) {
    case 'ok':
    case 'error':
      if (typeof c.step !== 'number' || !Number.isInteger(c.step) || c.step < 0 || c.step >= stepIndex) {
        protoFail(`Batch condition of step ${stepIndex} refers to invalid step ${String(c.step)}`);
      }
      return;
    case 'not':
      return checkCond(c.cond, stepIndex);
    case 'and':
    case 'or':
      if (!Array.isArray(c.conds)) protoFail(`"${c.type}" condition needs "conds"`);
      for (const sub of c.conds as unknown[]) checkCond(sub, stepIndex);
      return;
    case 'is_autocommit':
      return;
    default:
      protoFail(`Unknown batch condition ${JSON.stringify(c.type)}`);
  }
}

/** Whether a (checked) batch condition holds, given the outcomes of the earlier steps. */
export function evalCond(c: JsonObject, outcomes: StepOutcome[], isAutocommit: () => boolean): boolean {
  switch (c.type) {
    case 'ok':
      return outcomes[c.step as number] === 'ok';
    case 'error':
      return outcomes[c.step as number] === 'error';
    case 'not':
      return !evalCond(c.cond as JsonObject, outcomes, isAutocommit);
    case 'and':
      return (c.conds as JsonObject[]).every((x) => evalCond(x, outcomes, isAutocommit));
    case 'or':
      return (c.conds as JsonObject[]).some((x) => evalCond(x, outcomes, isAutocommit));
    default:
      return isAutocommit();
  }
}

/** Checks the whole batch first so that a malformed one does not run half-way. */
export function checkBatch(rawBatch: unknown): JsonObject[] {
  if (rawBatch === null || typeof rawBatch !== 'object') protoFail('"batch" must be an object');
  const steps = (rawBatch as JsonObject).steps;
  if (!Array.isArray(steps)) protoFail('"batch.steps" must be an array');
  (steps as unknown[]).forEach((step, k) => {
    if (step === null || typeof step !== 'object') protoFail('Batch step must be an object');
    const cond = (step as JsonObject).condition;
    if (cond !== undefined && cond !== null) checkCond(cond, k);
  });
  return steps as JsonObject[];
}

export function checkBody(body: unknown): JsonObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'Request body must be a JSON object', 'HRANA_PROTO_ERROR');
  }
  return body as JsonObject;
}
