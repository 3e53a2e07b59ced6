// The part of autocannon 9's API that scripts/bench.ts and scripts/load-test.ts use (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
    /** Requests a second across all connections (an open-loop rate). */
    overallRate?: number;
    /** Worker threads that send the requests, off the calling thread's event loop. */
    workers?: number;
    /** Seconds before a request counts as a timeout (default 10). */
    timeout?: number;
    /** Cycled through in order, one per request, on each connection. */
    requests?: { method?: string; path?: string; headers?: Record<string, string>; body?: string }[];
  }
  interface Histogram {
    p50: number;
    p99: number;
    average: number;
    max: number;
  }
  interface Result {
    latency: Histogram;
    requests: Histogram & { total: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    /** Responses by status class, e.g. { '2xx': 1000, '5xx': 0 }. */
    statusCodeStats?: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  namespace autocannon {
    export type { Options, Result };
  }
  export default autocannon;
}
