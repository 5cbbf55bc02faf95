/**
 * The top self-time frames of a V8 CPU profile (`node --cpu-prof`, e.g. the Next server of
 * `npx tsx --conditions=react-server tests/bench/api.ts --cpu-prof <dir>`), as a Markdown table for BENCHMARKS.md:
 *   npx tsx --conditions=react-server tests/bench/profile-top.ts <file.cpuprofile> [--top 25]
 * Self time is the time a sample was taken in the frame itself; "(idle)" is time the process
 * waited for work, so the shares are of the busy time (everything else).
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function topFrames(profile: Profile, top: number): { name: string; where: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    if (name === '(idle)') return;
    busy += us;
    // Paths inside the app's build and node_modules are long: keep what names the module.
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/\.next\//, '.next/');
    const where = url ? `${file.length > 70 ? `…${file.slice(-69)}` : file}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = self.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    self.set(key, entry);
  });
  return [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((entry) => ({ name: entry.name, where: entry.where, ms: entry.us / 1000, share: entry.us / busy }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: npx tsx --conditions=react-server tests/bench/profile-top.ts <file.cpuprofile> [--top 25]');
  const at = process.argv.indexOf('--top');
  const top = at === -1 ? 25 : Number(process.argv[at + 1]);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  console.log('| self ms | share of busy time | function | where |\n|---:|---:|---|---|');
  for (const frame of topFrames(profile, top)) {
    console.log(`| ${frame.ms.toFixed(0)} | ${(frame.share * 100).toFixed(1)}% | \`${frame.name}\` | ${frame.where ? `\`${frame.where}\`` : ''} |`);
  }
}
