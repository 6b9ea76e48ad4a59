import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { bucketRanges } from '../../server/metrics/buckets.ts';
import { computeMetrics, type MetricsRequest } from '../../server/metrics/engine.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { defaultOptions } from './generate.ts';

/**
 * The metrics engine called in-process on the benchmark's database (made by run.ts; a first call
 * builds any stale hour blocks): wall and CPU time per call (process.cpuUsage, all of the
 * process's threads, so the collector's helpers too), p50 and min, with the JSON serialization
 * the route adds. On a machine shared with other work, CPU time says more than wall time.
 *
 *   npx tsx bench/metrics/inproc.ts [--db FILE] [--runs N] [--only summary30,agents30,...] [--json FILE]
 *   node --cpu-prof --import tsx bench/metrics/inproc.ts --only summary30     # a profile
 *
 * --json writes the answers ("now" is fixed), to check that a change gives the same numbers.
 */

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const dbPath = arg('db', '/tmp/parley-bench/parley.db');
const runs = Number(arg('runs', '15'));
const only = arg('only', '');
const jsonOut = arg('json', '');

const DAY = 86_400_000;
const start = defaultOptions.start;
const end = start + defaultOptions.days * DAY;
// A fixed "now" after the history, so that answers can be compared between runs.
const now = end + DAY;
const last30 = { from: end - 30 * DAY, to: end };
const all90 = { from: start, to: end };

const scenarios: Record<string, MetricsRequest> = {
  summary30: { ranges: [last30], filters: {}, byAgent: false, now },
  agents30: { ranges: [last30], filters: {}, byAgent: true, now },
  series90: { ranges: bucketRanges('Europe/Sofia', 'day', all90.from, all90.to)!, filters: {}, byAgent: false, now },
  agentFilter30: { ranges: [last30], filters: { agent: 'ag007' }, byAgent: false, now },
  tagFilter30: { ranges: [last30], filters: { tag: 'refund' }, byAgent: false, now },
  summary90: { ranges: [all90], filters: {}, byAgent: false, now },
};

const db = openSqliteStore(dbPath);
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const answers: Record<string, unknown> = {};
for (const [name, req] of Object.entries(scenarios)) {
  if (only && !only.split(',').includes(name)) continue;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    const result = await computeMetrics(db, req);
    // The HTTP route serializes the answer: count that too.
    const body = JSON.stringify(result);
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    if (i === 0) answers[name] = JSON.parse(body);
  }
  const p50 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const min = (a: number[]) => Math.min(...a);
  const ms = (a: number[]) => `p50 ${p50(a).toFixed(0)} ms (min ${min(a).toFixed(0)})`;
  console.log(`${name}: wall ${ms(wall)}, CPU ${ms(cpu)}, ${runs} runs`);
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(answers, null, 1));
await db.close();
