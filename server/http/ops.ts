import { Router, type Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.ts';

/**
 * What a load balancer and a monitoring system ask a node, outside /api and without a session:
 * - GET /healthz: live (the process answers), always 200;
 * - GET /readyz: ready for traffic: the store answers a trivial query and no migration is
 *   pending; 503 otherwise (the body says which check failed);
 * - GET /metrics: Prometheus text (server/ops-metrics.ts) for `Authorization: Bearer
 *   METRICS_TOKEN`; 401 for another token, 404 when METRICS_TOKEN is not set.
 */
export function opsRouter({ config, db, log, ops }: Deps): Router {
  const router = Router();
  const startedAt = Date.now();

  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', nodeId: config.nodeId, uptimeSec: Math.round((Date.now() - startedAt) / 1000) });
  });

  router.get('/readyz', async (_req, res) => {
    let pending: string[];
    try {
      pending = await db.pendingMigrations();
    } catch (err) {
      log.warn({ err }, 'not ready: the store does not answer');
      res.status(503).json({ status: 'unavailable', nodeId: config.nodeId, checks: { store: 'unreachable', migrations: 'unknown' } });
      return;
    }
    const ready = pending.length === 0;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      nodeId: config.nodeId,
      checks: { store: 'ok', migrations: ready ? 'ok' : `${pending.length} pending` },
    });
  });

  const expected = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  router.get('/metrics', async (req, res) => {
    if (!expected) {
      res.status(404).json({ error: 'no such endpoint: set METRICS_TOKEN to serve /metrics' });
      return;
    }
    const given = bearerToken(req);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: 'a valid metrics token is required' });
      return;
    }
    res.type(ops.registry.contentType).send(await ops.registry.metrics());
  });

  return router;
}

/** Compared as digests: equal lengths for timingSafeEqual, and no early exit on a prefix. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
