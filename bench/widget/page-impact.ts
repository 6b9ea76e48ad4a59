/**
 * Page impact of the script tag (issue 6): the demo shop in Chromium, loaded with and without
 * `<script src=".../widget.js" async>`, one fresh browser context per load, the two taking
 * turns. For each load, until the page has been idle a while (the loader creates the chat
 * window's iframe when the page is idle, so that is included):
 *
 *   loader JS       main-thread time in the loader's own code, from a performance trace
 *                   (intervals of EvaluateScript / FunctionCall / v8.compile whose script is
 *                   widget.js, and idle callbacks, merged), split: its evaluation, idle
 *                   callbacks (asking for the look, drawing the launcher, creating the
 *                   window's iframe) and other callbacks (the config's answer, the window's
 *                   messages, the history hooks);
 *   main thread     all the host page's main-thread work (top-level tasks of its renderer),
 *                   and the difference with/without the tag: the loader's cost including the
 *                   style, layout and paint its launcher brings;
 *   long tasks      PerformanceObserver('longtask') on the host page (tasks over 50 ms).
 *
 * The chat window runs in its own process (another site), so its work is not the host page's:
 * the number of renderer processes is printed to show it. Figures only, no pass/fail.
 *
 *   npm run build && npx tsx bench/widget/page-impact.ts [--runs 10] [--settle 3000] [--throttle 1,4]
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../test/helpers/browser.ts';
import { startTestServer } from '../../test/helpers/server.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    settle: { type: 'string', default: '3000' },
    throttle: { type: 'string', default: '1,4' },
  },
});
const runs = Number(args.runs);
const settleMs = Number(args.settle);
const throttles = args.throttle.split(',').map(Number);

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, any>; name?: string };
}

interface Load {
  loader: { evaluation: number; idle: number; other: number; total: number };
  mainThreadMs: number;
  longTasks: number[];
  renderers: number;
}

const server = await startTestServer();
const demo = readFileSync(new URL('../../demo/index.html', import.meta.url), 'utf8').replaceAll('{{PUBLIC_URL}}', server.url);
const tag = `<script src="${server.url}/widget.js" async></script>`;
if (!demo.includes(tag)) throw new Error('the demo page has no script tag to take out');
const pages = { with: demo, without: demo.replace(tag, '') };
const site = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(req.url?.startsWith('/without') ? pages.without : pages.with);
});
await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
// Reached as localhost while the server is 127.0.0.1: another site, as a customer's would be.
const siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Total length of the union of [start, end) intervals. */
function unionMs(intervals: Array<[number, number]>): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let open: [number, number] | null = null;
  for (const [s, e] of intervals) {
    if (open && s <= open[1]) open[1] = Math.max(open[1], e);
    else {
      if (open) total += open[1] - open[0];
      open = [s, e];
    }
  }
  if (open) total += open[1] - open[0];
  return total / 1000;
}

function analyse(events: TraceEvent[]): Pick<Load, 'loader' | 'mainThreadMs' | 'renderers'> {
  // The host page's renderer: the one whose main frame is the site.
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const frames: Array<{ url: string; processId: number; parent?: string }> = started?.args?.data?.frames ?? [];
  const commits = events.filter((e) => e.name === 'CommitLoad' && e.args?.data?.isMainFrame && String(e.args.data.url).startsWith(siteUrl));
  const hostPid = commits[0]?.pid ?? frames.find((f) => !f.parent)?.processId;
  const mainTid = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === hostPid && e.args?.name === 'CrRendererMain')?.tid;
  const onMain = events.filter((e) => e.pid === hostPid && e.tid === mainTid && e.ph === 'X' && e.dur !== undefined);
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const loaderCode = onMain.filter(
    (e) => ['EvaluateScript', 'FunctionCall', 'v8.compile'].includes(e.name) && /\/widget\.js/.test(String(e.args?.data?.url ?? '')),
  );
  // The loader's code resumed after an idle callback (an awaited promise) runs as a microtask
  // inside FireIdleCallback, with no script of its own in the trace. The demo page itself
  // asks for no idle callbacks, so every one of them is the loader's.
  const idle = onMain.filter((e) => e.name === 'FireIdleCallback');
  const span = (e: TraceEvent): [number, number] => [e.ts, e.ts + e.dur!];
  const renderers = new Set(events.filter((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain').map((e) => e.pid)).size;
  return {
    loader: {
      evaluation: unionMs(loaderCode.filter((e) => e.name === 'EvaluateScript').map(span)),
      idle: unionMs(idle.map(span)),
      other: unionMs(loaderCode.filter((e) => e.name !== 'EvaluateScript').map(span)),
      total: unionMs([...loaderCode, ...idle].map(span)),
    },
    mainThreadMs: unionMs(tasks.map((e) => [e.ts, e.ts + e.dur!])),
    renderers,
  };
}

async function load(browser: Browser, mode: 'with' | 'without', throttle: number): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    if (window !== window.top) return;
    const tasks: number[] = ((window as any).__longTasks = []);
    new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  // Few categories: each adds its own cost to every call it records.
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', '__metadata'] });
  // Nothing else runs in the page while it is traced: Playwright's own page scripts (its
  // selector engine, for one) would be counted as the page's work.
  await page.goto(`${siteUrl}/${mode}`, { waitUntil: 'load' });
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  if (process.env.DUMP_TRACE) (await import('node:fs')).writeFileSync(`/tmp/parley-trace-${mode}.json`, JSON.stringify(trace));
  const longTasks = await page.evaluate(() => (window as any).__longTasks as number[]);
  const windowCreated = await page.evaluate(() => !!document.querySelector('parley-widget')?.shadowRoot?.querySelector('iframe'));
  if (mode === 'with' && !windowCreated) throw new Error(`the chat window was not created within ${settleMs} ms of the load`);
  await context.close();
  return { ...analyse(trace.traceEvents), longTasks };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f1 = (n: number) => n.toFixed(1);

const browser = await launchChromium();
console.log(`page impact of widget.js on the demo shop: ${runs} loads each way per CPU setting, settle ${settleMs} ms after load`);
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; Chromium ${browser.version()}`);
console.log('');
console.log('| CPU | tag | loader JS total (median / max) | evaluation | idle callbacks | other callbacks | host main thread | difference | long tasks (loads with any / total ms) | renderers |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
try {
  // One load of each first, unmeasured: the server's first answers warm up its caches.
  await load(browser, 'with', 1);
  await load(browser, 'without', 1);
  for (const throttle of throttles) {
    const results: Record<'with' | 'without', Load[]> = { with: [], without: [] };
    for (let i = 0; i < runs; i++) {
      for (const mode of i % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
        results[mode].push(await load(browser, mode, throttle));
      }
    }
    const base = median(results.without.map((r) => r.mainThreadMs));
    for (const mode of ['without', 'with'] as const) {
      const rs = results[mode];
      const main = median(rs.map((r) => r.mainThreadMs));
      const withLong = rs.filter((r) => r.longTasks.length).length;
      const longMs = sum(rs.flatMap((r) => r.longTasks));
      const ours = mode === 'with';
      const ms = (pick: (l: Load['loader']) => number) => (ours ? `${f1(median(rs.map((r) => pick(r.loader))))} ms` : '–');
      const totals = rs.map((r) => r.loader.total);
      console.log(
        `| ${throttle}× | ${mode} | ${ours ? `${f1(median(totals))} / ${f1(Math.max(...totals))} ms` : '–'} | ${ms((l) => l.evaluation)} | ${ms(
          (l) => l.idle,
        )} | ${ms((l) => l.other)} | ${f1(main)} ms | ${ours ? `${f1(main - base)} ms` : '–'} | ${withLong} of ${rs.length} / ${f1(longMs)} ms | ${median(
          rs.map((r) => r.renderers),
        )} |`,
      );
    }
  }
} finally {
  await browser.close();
  site.close();
  await server.close(true);
}
