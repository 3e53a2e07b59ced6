// SCRATCH (evaluation only): the RateLimiter interface over rate-limiter-flexible's in-memory limiter.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitDecision, RateLimiter } from './rate-limit.ts';

export class FlexibleRateLimiter implements RateLimiter {
  // Its limit (points) is fixed per limiter, and keys have their own per-minute limits: one limiter per limit.
  readonly #limiters = new Map<number, RateLimiterMemory>();

  /** Keys held, summed over the per-limit limiters (their storage is not public). */
  get keys(): number {
    return [...this.#limiters.values()].reduce((n, l) => n + (l as unknown as { _memoryStorage: { _storage: Map<string, unknown> } })._memoryStorage._storage.size, 0);
  }

  async limit(bucket: string, perMinute: number): Promise<RateLimitDecision> {
    let limiter = this.#limiters.get(perMinute);
    if (!limiter) this.#limiters.set(perMinute, (limiter = new RateLimiterMemory({ points: perMinute, duration: 60 })));
    try {
      const res = await limiter.consume(bucket);
      return { allowed: true, limit: perMinute, remaining: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, limit: perMinute, remaining: 0, resetSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
  }
}
