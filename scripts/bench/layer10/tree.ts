// Throwaway (layer10): the call tree of a .cpuprofile, inclusive ms per request, pruned below MIN ms.
// npx tsx scripts/bench/layer10/tree.ts /tmp/layer10-prof.cpuprofile 2000 0.004
import { readFileSync } from 'node:fs';
const [file, n, min] = [process.argv[2]!, Number(process.argv[3] ?? 2000), Number(process.argv[4] ?? 0.004)];
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map<number, any>(profile.nodes.map((x: any) => [x.id, x]));
const self = new Map<number, number>();
profile.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const incl = new Map<number, number>();
const total = (id: number): number => {
  if (incl.has(id)) return incl.get(id)!;
  const node = byId.get(id);
  let t = self.get(id) ?? 0;
  for (const c of node.children ?? []) t += total(c);
  incl.set(id, t);
  return t;
};
const name = (x: any) => `${x.callFrame.functionName || '(anon)'} ${x.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/ng-layer10\//, '').replace(/^.*\/layer10-base\//, 'BASE/')}:${x.callFrame.lineNumber + 1}:${x.callFrame.columnNumber + 1}`;
const per = (us: number) => (us / n / 1000).toFixed(4);
const walk = (id: number, depth: number) => {
  const node = byId.get(id);
  const t = total(id);
  if (t / n / 1000 < min) return;
  console.log(`${'  '.repeat(depth)}${per(t)} (self ${per(self.get(id) ?? 0)}) ${name(node)}`);
  for (const c of [...(node.children ?? [])].sort((a: number, b: number) => total(b) - total(a))) walk(c, depth + 1);
};
walk(profile.nodes[0].id, 0);
