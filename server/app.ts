import express from 'express';
import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server as IoServer } from 'socket.io';
import { z } from 'zod';
import type { Deps } from './deps.ts';
import { createLogger, type Logger } from './logger.ts';
import { createOpsMetrics } from './ops-metrics.ts';
import { ensureOwner } from './store/agents.ts';
import { readSettings } from './store/settings.ts';
import { authRouter, refuseCrossOriginCookies } from './http/auth.ts';
import { metricsRouter } from './http/metrics.ts';
import { searchRouter } from './http/search.ts';
import { visitorsRouter } from './http/visitors.ts';
import { chatsRouter } from './http/chats.ts';
import { apiKeyBudget, apiKeysRouter } from './http/api-keys.ts';
import { visitorRouter } from './http/visitor.ts';
import { surveysRouter } from './http/surveys.ts';
import { adminRouter } from './http/admin.ts';
import { agentInvitationsRouter } from './http/agent-invitations.ts';
import { signInLimits } from './http/sign-in-limits.ts';
import { countersFor } from './cluster/counters.ts';
import { visitorBudgets } from './cluster/visitor-budgets.ts';
import { startOrphanFileSweep } from './chat/orphan-files.ts';
import { filesDirOf, widgetAttachmentsRouter } from './http/widget-attachments.ts';
import { widgetTranscriptRouter } from './http/widget-transcript.ts';
import { startCheckpointer, type Checkpointer } from './store/checkpointer.ts';
import { attachRealtime, type Realtime } from './realtime/index.ts';
import { surveyNotifier } from './realtime/survey-notifier.ts';
import { startSurveys } from './surveys/index.ts';
import { opsRouter } from './http/ops.ts';
import { auditRouter } from './http/audit.ts';
import { twoFactorRouter } from './http/two-factor.ts';
import { TwoFactor } from './team/two-factor.ts';
import { twoFactorKey } from './team/two-factor-key.ts';
import { privacyRouter } from './http/privacy.ts';
import { plainIssue } from './http/plain-issue.ts';
import { startRetention } from './chat/retention.ts';
import { followUpsRouter } from './http/follow-ups.ts';
import { FollowUpService } from './surveys/follow-ups.ts';
import { digestsRouter } from './http/digests.ts';
import { reviewsRouter } from './http/reviews.ts';
import { DigestMailer } from './digests/digest-mailer.ts';
import { ClusterNode } from './cluster/node.ts';
import { socketAdapter } from './cluster/socket-adapter.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';
import { webhooksRouter } from './http/webhooks.ts';
import { PushNotifier, vapidKeys } from './push/push-notifier.ts';
import { pushRouter } from './http/push.ts';

export interface ParleyApp {
  app: express.Express;
  httpServer: HttpServer;
  io: IoServer;
  realtime: Realtime;
  /** Checkpoints the WAL off the event loop; null for an in-memory database. */
  checkpointer: Checkpointer | null;
  /** Set on first start when no ADMIN_PASSWORD was given: shown once. */
  generatedOwnerPassword: string | undefined;
  /** Sends the webhook outbox's due deliveries (this node's share). */
  webhooks: WebhookDispatcher;
  /** Runs retention now (it runs daily on one node anyway): what it erased, or null when off. */
  runRetention(): ReturnType<ReturnType<typeof startRetention>['run']>;
  /** Deletes the old files no message names now (they are swept every few minutes anyway). */
  sweepOrphanFiles(): Promise<number>;
  /** Listens on `port` (0 = any free port) and resolves to the bound port. */
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export const distDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** `log`: the process's logger (main.ts, a test's capture); by default one made from config. */
export async function createApp({
  config,
  clock,
  db,
  log = createLogger(config),
}: Omit<Deps, 'log' | 'ops'> & { log?: Logger }): Promise<ParleyApp> {
  // Every edge's refusals (HTTP 400s, socket acks) in plain words, not zod's own.
  z.config({ customError: plainIssue });
  const ops = createOpsMetrics(db, { processMetrics: config.metricsToken !== undefined });
  const deps: Deps = { config, clock, db, log, ops };
  const owner = await ensureOwner(db, config.adminEmail, config.adminPassword, clock.now());
  // Shared by the nodes on Postgres; in memory on SQLite's one node.
  const counters = countersFor(db);
  // One set of counters for signing in and for accepting invitations: both try passwords.
  const signIns = signInLimits(config.signInLimits, counters);
  const budgets = visitorBudgets(config.visitorLimits, counters);
  // Its key is kept beside the chat files, which every node shares, not in the database.
  const twoFactor = new TwoFactor(db, clock, await twoFactorKey(filesDirOf(config)));

  // The services first, then the edges that call them.
  const app = express();
  app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);
  const io = new IoServer(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: undefined,
    // Several nodes on one Postgres database: broadcasts reach the sockets on every node.
    adapter: socketAdapter(db, log),
  });
  // Once closing, every answer ends its connection, those being answered at close() too: a
  // browser reconnecting over a kept-alive connection (socket.io's polling) would otherwise keep
  // the server from ever closing, since Node closes only the connections idle at close() and
  // socket.io still answers handshakes.
  let closing = false;
  const answering = new Set<ServerResponse>();
  httpServer.prependListener('request', (_req, res) => {
    if (closing) res.shouldKeepAlive = false;
    answering.add(res);
    res.once('close', () => answering.delete(res));
  });
  // The push notifier comes with the cluster node below; a follow-up is made only once requests flow.
  const notifier = surveyNotifier(io, db, (chatId, agentId) => void push.followUpMade(chatId, agentId).catch((err) => log.warn({ err }, 'push: a follow-up was not scheduled')));
  const surveys = await startSurveys({ ...deps, notifier });
  const digests = DigestMailer.fromConfig(deps);
  // Every node sweeps each minute; the store's claims let one of them send each period's digest.
  digests.start(60_000);
  const followUps = new FollowUpService(db, clock, (chatId, agentId) => notifier.followUpsChanged(chatId, agentId));
  const node = new ClusterNode(db, config.nodeId, log);
  await node.start();
  // A socket's address by the same rule as a request's (TRUST_PROXY), read when a socket comes.
  const trustProxy = () => app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const push = new PushNotifier({ ...deps, node });
  // Made at first start, kept in the store: the same for every node.
  await vapidKeys(db);
  const realtime = await attachRealtime(io, { ...deps, surveys, node, budgets, trustProxy, push });
  const orphanSweep = startOrphanFileSweep({ ...deps, node, dir: filesDirOf(config) });
  const retention = startRetention({ ...deps, node, filesDir: filesDirOf(config) });
  const checkpointer = db.sqlite ? startCheckpointer(db.sqlite, log) : null;
  const webhooks = new WebhookDispatcher({ db, clock, log, ops, allowPrivate: config.webhooksAllowPrivate });
  webhooks.start();

  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    next();
  });
  app.use(opsRouter(deps));
  app.use('/api', refuseCrossOriginCookies(() => config.publicUrl));
  app.use('/api', express.json({ limit: '1mb' }));
  app.use('/api', apiKeyBudget(deps, counters));
  app.use('/api', authRouter(db, clock, signIns, (tokenHash) => realtime.endSession(tokenHash), twoFactor));
  app.use('/api', twoFactorRouter(deps, twoFactor, signIns));
  app.use('/api/visitor', visitorRouter(deps, budgets));
  app.use(surveysRouter(deps, surveys.service));
  app.use(
    '/api',
    adminRouter(
      deps,
      {
        agentDisabled: (agentId) => realtime.agentDisabled(agentId),
        agentChanged: (agentId) => realtime.agentChanged(agentId),
        settingsChanged: () => realtime.settingsChanged(),
        sessionsEnded: (agentId, keptTokenHash) => realtime.endOtherSessions(agentId, keptTokenHash),
      },
    ),
  );
  app.use('/api', agentInvitationsRouter(deps, signIns));
  app.use('/api', widgetAttachmentsRouter(deps, budgets));
  app.use('/api', widgetTranscriptRouter(deps));
  app.use('/api', metricsRouter(deps));
  app.use('/api', auditRouter(deps));
  app.use('/api', webhooksRouter(deps, () => void webhooks.deliverDue()));
  app.use('/api', privacyRouter(deps, retention, filesDirOf(config)));
  app.use('/api', searchRouter(deps));
  app.use('/api', visitorsRouter(deps, { lifecycle: realtime.lifecycle, node }));
  app.use('/api', chatsRouter(deps, realtime.lifecycle));
  app.use('/api', apiKeysRouter(deps));
  app.use('/api', pushRouter(deps));
  app.use('/api', followUpsRouter(deps, followUps));
  app.use('/api', digestsRouter(deps, digests));
  app.use('/api', reviewsRouter(deps));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such endpoint' });
  });

  mountStatic(app, async () => (await readSettings(db, config)).allowedOrigins);

  // A body that is not valid JSON, or any other error a route throws.
  app.use((err: any, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    // The route's pattern (within its router), not the URL: paths carry invitation and survey tokens.
    if (status === 500) log.error({ err, method: req.method, route: req.route?.path }, 'request failed');
    res.status(status).json({ error: status === 500 ? 'internal error' : `body: ${err.message}` });
  });

  return {
    app,
    httpServer,
    io,
    realtime,
    checkpointer,
    webhooks,
    generatedOwnerPassword: owner.password,
    sweepOrphanFiles: () => orphanSweep.sweep(),
    runRetention: () => retention.run(),
    listen(port = config.port, host?: string) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      });
    },
    async close() {
      closing = true;
      for (const res of answering) if (!res.headersSent) res.shouldKeepAlive = false;
      httpServer.closeIdleConnections();
      orphanSweep.stop();
      await webhooks.stop();
      retention.stop();
      await node.stop();
      surveys.stop();
      digests.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // The closed sockets' grace periods are rows now: another node, or the next start, runs them.
      await realtime.stop();
      // A store already gone (closed first, or down) leaves the node's rows for the others to sweep.
      await node.leave().catch((err) => log.warn({ err }, 'leaving the cluster: the store did not answer'));
      await checkpointer?.stop();
    },
  };
}

/** The built widget and console (from `npm run build`), served by this same server. */
function mountStatic(app: express.Express, allowedOrigins: () => Promise<string[]>): void {
  const widgetDir = join(distDir, 'widget');
  const consoleDir = join(distDir, 'console');

  app.get('/widget.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.sendFile(join(widgetDir, 'loader.js'));
  });
  app.use(
    '/widget',
    async (_req, res, next) => {
      const origins = await allowedOrigins();
      res.setHeader('Content-Security-Policy', `frame-ancestors ${origins.length ? origins.join(' ') : '*'}`);
      next();
    },
    express.static(join(widgetDir, 'app'), {
      index: 'index.html',
      // Hashed asset names never change; the page that names them is always revalidated.
      setHeaders: (res, path) =>
        res.setHeader('Cache-Control', /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  // The console is never framed (clickjacking) and runs only its own scripts.
  app.use('/console', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'; script-src 'self'; object-src 'none'; base-uri 'self'");
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(
    '/console',
    express.static(consoleDir, {
      index: 'index.html',
      // The service worker, the manifest and the page are checked on every start: a new version
      // is picked up at once. Hashed asset names never change.
      setHeaders: (res, path) =>
        res.setHeader('Cache-Control', /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  app.get(/^\/console(\/.*)?$/, (_req, res) => {
    const index = join(consoleDir, 'index.html');
    if (existsSync(index)) res.sendFile(index);
    else res.status(503).type('text').send('The console is not built: run npm run build');
  });
  app.get('/', (_req, res) => res.redirect('/console/'));
}
