// Where a service's CPU went, from the V8 profile a benchmark's BENCH_CPU_PROF
// leaves: each sample charged to the nearest frame on its stack that belongs
// to a known part (the pg driver with its socket writes, express and body
// parsing, kysely, zod, logging, NATS, the app's own modules, GC), node's own
// internals charged to whoever called them.
//
//   node --import tsx bench/cpu-profile-summary.ts <file.cpuprofile> [rows=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PARTS: [RegExp, string][] = [
  [/^(pg|pg-protocol|pg-pool|pg-types|postgres-.*)$/, 'pg driver (incl. its socket writes)'],
  [/^kysely$/, 'kysely (query building)'],
  [/^zod$/, 'zod (validation)'],
  [
    /^(express|router|body-parser|raw-body|iconv-lite|finalhandler|send|on-finished|type-is|content-type|accepts|qs|path-to-regexp)$/,
    'express and body parsing',
  ],
  [/^(pino|pino-http|pino-std-serializers|sonic-boom|thread-stream|fast-redact)$/, 'logging (pino)'],
  [/^@nats-io\//, 'NATS'],
  [/^jose$/, 'auth (jose)'],
  [/^prom-client$/, 'metrics'],
];

function part(url: string, fn: string): string | null {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)') return '(program: V8 and native code outside JS)';
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return PARTS.find(([re]) => re.test(pkg))?.[1] ?? `package ${pkg}`;
  const own = /\/(apps|packages)\/(.*)$/.exec(url)?.[2];
  if (own) return own.replace('/dist/', '/').replace(/\.js$/, '');
  return null;
}

const [file, rows = '25'] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file!, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));

let busy = 0;
let idle = 0;
const parts = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  if (n.callFrame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  busy += us;
  let name: string | null = null;
  for (let x: ProfileNode | undefined = n; x && !name; x = byId.get(parent.get(x.id) ?? -1))
    name = part(x.callFrame.url, x.callFrame.functionName);
  name ??= n.callFrame.url.startsWith('node:')
    ? `node ${n.callFrame.url.slice(5)}`
    : n.callFrame.functionName;
  parts.set(name, (parts.get(name) ?? 0) + us);
}
console.log(`CPU busy ${(busy / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s`);
for (const [name, us] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, Number(rows)))
  console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name}`);
