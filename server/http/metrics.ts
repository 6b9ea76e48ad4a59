import { Router, type Request, type Response } from 'express';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** How many of an import's errors the answer lists (it says how many more there were). */
const IMPORT_ERRORS_SHOWN = 100;
class HistoryTooLarge extends Error {}
import type { Deps } from '../deps.ts';
import { computeMetrics, type MetricsRequest } from '../metrics/engine.ts';
import { toCsv } from '../metrics/csv.ts';
import { exportLines } from '../metrics/history-export.ts';
import { formatHistoryTime } from '../metrics/history-records.ts';
import { importHistoryFile } from '../metrics/history-import.ts';
import { parseChatsQuery, parseDateTime, parseMetricsQuery, seriesRanges, type MetricsQuery } from '../metrics/query.ts';
import { CHAT_KEYS, chatsBehind, type ChatKey } from '../metrics/drill-down.ts';
import { chatCsvChunks } from '../metrics/chat-csv.ts';
import { isTimeZone } from '../metrics/time-zone.ts';
import { serve } from './api-routes.ts';
import { routes } from '../../shared/api-routes.ts';
import { badRequest } from './errors.ts';
import { auditSource } from './audit.ts';
import { recordAudit } from '../store/audit-log.ts';

/**
 * Metrics, import and export routes (METRICS.md §3); owners and admins, and keys with
 * `metrics:read` (import: `admin`; export: `chats:read`). The declarations check the query's
 * shape; the times are read here, in the query's time zone.
 */
export function metricsRouter(deps: Deps): Router {
  const { clock, config, db, ops } = deps;
  const router = Router();
  const compute = (request: MetricsRequest) => ops.timeQuery('metrics_api', () => computeMetrics(db, request));

  const query = (req: Request, res: Response, bucket = false): MetricsQuery | undefined => {
    const parsed = parseMetricsQuery(req.query as Record<string, unknown>, { bucket });
    if (!parsed.ok) {
      badRequest(res, parsed.field, parsed.message);
      return undefined;
    }
    return parsed.value;
  };

  const summary = async (q: MetricsQuery) =>
    (await compute({ ranges: [{ from: q.from, to: q.to }], filters: q.filters, byAgent: false, now: clock.now() }))
      .cells[0]![0]!;

  const perAgent = async (q: MetricsQuery) => {
    const { agents, cells } = await compute({
      ranges: [{ from: q.from, to: q.to }],
      filters: q.filters,
      byAgent: true,
      now: clock.now(),
    });
    return agents!.map((a, g) => ({ agentId: a.agentId, name: a.name, metrics: cells[0]![g]! }));
  };

  const csv = (res: Response, name: string, body: string) => {
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.send(body);
  };

  serve(router, deps, routes.metrics, async ({ req, res }) => {
    const q = query(req, res);
    if (q) res.json(await summary(q));
  });

  serve(router, deps, routes.metricsCsv, async ({ req, res }) => {
    const q = query(req, res);
    if (q) csv(res, 'metrics.csv', toCsv([await summary(q)]));
  });

  serve(router, deps, routes.metricsByAgent, async ({ req, res }) => {
    const q = query(req, res);
    if (q) res.json({ agents: await perAgent(q) });
  });

  serve(router, deps, routes.metricsByAgentCsv, async ({ req, res }) => {
    const q = query(req, res);
    if (q) csv(res, 'metrics-agents.csv', toCsv((await perAgent(q)).map((r) => ({ agentId: r.agentId, name: r.name, ...r.metrics }))));
  });

  serve(router, deps, routes.metricsSeries, async ({ req, res }) => {
    const q = query(req, res, true);
    if (!q) return;
    const ranges = seriesRanges(q);
    if (!ranges.ok) return badRequest(res, ranges.field, ranges.message);
    const { cells } = await compute({ ranges: ranges.value, filters: q.filters, byAgent: false, now: clock.now() });
    res.json({
      bucket: q.bucket,
      tz: q.tz,
      points: ranges.value.map((r, i) => ({
        start: formatHistoryTime(r.from),
        end: formatHistoryTime(r.to),
        metrics: cells[i]![0]!,
      })),
    });
  });

  serve(router, deps, routes.metricsChats, async ({ req, res }) => {
    const parsed = parseChatsQuery(req.query as Record<string, unknown>, CHAT_KEYS);
    if (!parsed.ok) return badRequest(res, parsed.field, parsed.message);
    const q = parsed.value;
    const scope = { from: q.from, to: q.to, filters: q.filters, now: clock.now() };
    res.json(await ops.timeQuery('metrics_api', () => chatsBehind(db, q.key as ChatKey, scope, { limit: q.limit, offset: q.offset })));
  });

  serve(router, deps, routes.chatsCsv, async ({ req, res }) => {
    const q = query(req, res);
    if (!q) return;
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="chats.csv"');
    // An hour of chats at a time, waiting while the client is behind: never the whole file in memory.
    for await (const chunk of chatCsvChunks(db, { from: q.from, to: q.to, filters: q.filters, now: clock.now() }, q.tz)) {
      if (!res.write(chunk)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  });

  const tooLarge = (res: Response, max: number): void =>
    void res.status(413).json({ error: `the history is larger than ${Math.round(max / 2 ** 20)} MB (IMPORT_MAX_MB): import it with npm run import` });

  serve(router, deps, routes.importHistory, async ({ req, res }) => {
    if (!req.is('application/x-ndjson')) {
      res.status(415).json({ error: 'send the history as Content-Type: application/x-ndjson' });
      return;
    }
    // The body goes to disk first: a history can be larger than memory, and the import itself
    // runs in one transaction that no other write interleaves with (history-import.ts).
    const dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
    try {
      const file = join(dir, 'history.ndjson');
      const declared = Number(req.headers['content-length']);
      if (declared > config.importMaxBytes) return tooLarge(res, config.importMaxBytes);
      let received = 0;
      const capped = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          done(received > config.importMaxBytes ? new HistoryTooLarge() : null, chunk);
        },
      });
      try {
        await pipeline(req, capped, createWriteStream(file));
      } catch (err) {
        if (err instanceof HistoryTooLarge) return tooLarge(res, config.importMaxBytes);
        throw err;
      }
      const result = await importHistoryFile(db, file, clock.now());
      if (result.ok) {
        // After the import's own transaction, which takes the whole history in one go.
        await recordAudit(db, { ...auditSource(req), at: clock.now(), action: 'history.imported', target: null, details: { imported: result.imported } });
        res.json({ imported: result.imported });
      }
      else {
        // The first errors say what is wrong; a file wrong on every line need not send them all.
        const shown = result.errors.slice(0, IMPORT_ERRORS_SHOWN);
        res.status(400).json({ errors: shown, ...(result.errors.length > shown.length ? { moreErrors: result.errors.length - shown.length } : {}) });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The declaration has checked the parameters' names and that each is given once.
  serve(router, deps, routes.exportHistory, async ({ req, res, query: params }) => {
    const range = { from: -8.64e15, to: 8.64e15 };
    const tz = params.tz ?? 'UTC';
    if (!isTimeZone(tz)) return badRequest(res, 'tz', `unknown time zone "${tz}"`);
    for (const field of ['from', 'to'] as const) {
      const raw = params[field];
      if (raw === undefined) continue;
      const t = parseDateTime(raw, tz);
      if (t === null) return badRequest(res, field, `"${raw}" is not an ISO-8601 date or date-time`);
      range[field] = t;
    }
    if (range.from >= range.to) return badRequest(res, 'from', 'must be before to');
    // Recorded when it starts: a download cut short has still handed out what it sent.
    await recordAudit(db, { ...auditSource(req), at: clock.now(), action: 'history.exported', target: null, details: { from: params.from ?? null, to: params.to ?? null, tz } });
    res.type('application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="parley-history.ndjson"');
    for await (const lines of exportLines(db, range)) {
      if (lines.length === 0) continue;
      if (!res.write(`${lines.join('\n')}\n`)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  });

  return router;
}

/** Waits until the client takes more, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
