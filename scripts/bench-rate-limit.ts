// Rate limiter evaluation (docs/decisions.md): MemoryRateLimiter against rate-limiter-flexible's
// RateLimiterMemory behind the same interface. Per-call cost (interleaved), then a flood of
// distinct addresses: buckets kept, heap (rate-limiter-flexible also arms one unref'd setTimeout per key). Run: npx tsx --expose-gc scripts/bench-rate-limit.ts
import { cpus } from 'node:os';
import { FlexibleRateLimiter } from '../src/http/flexible-rate-limit-scratch.ts';
import { MemoryRateLimiter, type RateLimiter } from '../src/http/rate-limit.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const rounds = 10;
const perRound = 200_000;
const clients = 1000;
const variants: { name: string; make: () => RateLimiter; ns: number[] }[] = [
  { name: 'MemoryRateLimiter', make: () => new MemoryRateLimiter(), ns: [] },
  { name: 'rate-limiter-flexible', make: () => new FlexibleRateLimiter(), ns: [] },
];
for (const v of variants) {
  const limiter = v.make();
  for (let i = 0; i < 10_000; i++) await limiter.limit(`ip:${i % clients}`, 1_000_000);
}
for (let round = 0; round < rounds; round++) {
  for (const v of round % 2 ? [...variants].reverse() : variants) {
    const limiter = v.make();
    const start = process.hrtime.bigint();
    // 1,000 clients, 200 requests each, limit 60: most calls are denials after the first minute's 60.
    for (let i = 0; i < perRound; i++) await limiter.limit(`ip:${i % clients}`, 60);
    v.ns.push(Number(process.hrtime.bigint() - start) / perRound);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${cpus()[0]!.model}; ${rounds} rounds × ${perRound} calls (1,000 clients, limit 60/min), median ns/call:`);
for (const v of variants) console.log(`  ${v.name.padEnd(22)} ${median(v.ns).toFixed(0)} ns/call`);

const flood = 500_000;
console.log(`\nA flood of ${flood} distinct addresses within one minute:`);
for (const v of variants) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const limiter = v.make();
  for (let i = 0; i < flood; i++) await limiter.limit(`ip:198.51.${i >> 8}.${i & 255}`, 60);
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const kept = limiter instanceof MemoryRateLimiter ? limiter.size : (limiter as FlexibleRateLimiter).keys;
  console.log(`  ${v.name.padEnd(22)} buckets kept ${kept}, heap +${heapMb.toFixed(0)} MB`);
}
process.exit(0);
