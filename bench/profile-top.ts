/**
 * The top frames of a V8 CPU profile (`node --cpu-prof`): self time by function, and by the
 * package or folder it belongs to. `node --import tsx bench/profile-top.ts <file.cpuprofile> [n]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, count = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [n]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** Microseconds of self time per node id: each sample's delta goes to the node it landed in. */
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self]
  .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
  .reduce((a, [, t]) => a + t, 0);

/** Where a frame comes from: a package name, a folder of dist/, or V8's own label. */
function origin(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const dist = /\/dist\/(.+)\/[^/]+$/.exec(url) ?? /\/dist\/([^/]+)$/.exec(url);
  if (dist) return `baesong ${dist[1]}`;
  if (url.startsWith('node:')) return url;
  return url;
}

const byFunction = new Map<string, number>();
const byOrigin = new Map<string, number>();
for (const [id, time] of self) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = origin(url, functionName);
  const key = `${functionName || '(anonymous)'}  ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  byOrigin.set(where, (byOrigin.get(where) ?? 0) + time);
}

/** Inclusive time by function: a sample counts once for every distinct function on its stack. */
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'}  ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : ''}`;
};
const inclusive = new Map<string, number>();
for (const [id, time] of self) {
  const onStack = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at);
    if (node && node.callFrame.functionName !== '(root)') onStack.add(label(node));
  }
  for (const key of onStack) inclusive.set(key, (inclusive.get(key) ?? 0) + time);
}

const busy = total - idle;
const show = (title: string, entries: Map<string, number>) => {
  process.stdout.write(
    `\n${title} (share of busy time, ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s)\n`,
  );
  for (const [key, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
    if (key.startsWith('(idle)')) continue;
    process.stdout.write(`${((100 * time) / busy).toFixed(1).padStart(5)}%  ${key}\n`);
  }
};
show('self time by origin', byOrigin);
show('self time by function', byFunction);
show('inclusive time by function', inclusive);
