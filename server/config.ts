import { hostname } from 'node:os';

export type RoutingMode = 'manual' | 'auto';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
/** Limits of sign-in attempts (`server/http/sign-in-limits.ts`): login and invitation accepts. */
export interface SignInLimitsConfig {
  /** Wrong passwords in a row for one account from one address before the waits begin. */
  consecutiveFails: number;
  /** The first wait; every further wrong password doubles it, up to `maxBackoffSec`. */
  backoffSec: number;
  maxBackoffSec: number;
  /** Failed attempts from one address (any accounts) in a day. */
  failsPerIpPerDay: number;
  /** Failed attempts at one account (from any addresses) in a day. */
  failsPerAccountPerDay: number;
}

export interface Config {
  port: number;
  /** The SQLite file (the default store); ignored when `databaseUrl` is set. */
  databasePath: string;
  /** Postgres (`postgres://user:pass@host:5432/db`): several nodes share one database. Unset: SQLite. */
  databaseUrl: string | undefined;
  /**
   * Where files visitors and agents send are kept (FILES_DIR). Unset: `attachments/` beside the
   * SQLite file. Several nodes must share one directory (a network volume): any node serves any file.
   */
  filesDir: string | undefined;
  /**
   * Which proxies' `X-Forwarded-For` names the client (Express's `trust proxy`: `loopback`, a
   * comma-separated list of addresses or CIDRs, or a number of hops). Default: loopback only.
   */
  trustProxy: string | number;
  /** The largest history POST /api/import takes (bytes); larger ones go through `npm run import`. */
  importMaxBytes: number;
  /** The URL the server is reached at from visitors' browsers (the widget's origin). */
  publicUrl: string;
  /** Origins of the sites allowed to embed the widget; empty allows any site. */
  allowedOrigins: string[];
  adminEmail: string;
  /** Unset: a password is generated on first start and printed once. */
  adminPassword: string | undefined;
  routingMode: RoutingMode;
  /** An agent disconnected longer than this hands their chats back to the queue. */
  agentGraceMs: number;
  /** A visitor disconnected longer than this, waiting for a reply, makes a missed chat. */
  visitorGraceMs: number;
  maxMessageLength: number;
  /** Port of the demo site (a different origin that only carries the script tag); 0 = none. */
  demoPort: number;
  siteName: string;
  /** SMTP server for NPS emails (`smtp://user:pass@host:587`); unset: no survey emails. */
  smtpUrl: string | undefined;
  /** The sender of survey emails; default no-reply@ the PUBLIC_URL host. */
  smtpFrom: string | undefined;
  /** Transcript emails one visitor may get in 24 hours, over all their chats. */
  transcriptsPerVisitorPerDay: number;
  /** Transcript emails one mailbox may get in 24 hours, from all visitors. */
  transcriptsPerRecipientPerDay: number;
  /** Transcript emails the whole server (every node on the database) sends in an hour. */
  transcriptsPerHour: number;
  /** The least severe log level written (pino's levels, or `silent`). */
  logLevel: LogLevel;
  /** Names this process in every log line and in /healthz; several nodes share one database. */
  nodeId: string;
  /** The bearer token GET /metrics asks for; unset: no /metrics endpoint. */
  metricsToken: string | undefined;
  signInLimits: SignInLimitsConfig;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number${min ? ` of at least ${min}` : ''}, got "${raw}"`);
  return n;
}

/** 24 days: the longest wait the in-memory counters can keep (a setTimeout's limit). */
const MAX_WAIT_SEC = 24 * 24 * 3600;

function signInLimitsFromEnv(env: NodeJS.ProcessEnv): SignInLimitsConfig {
  const backoffSec = intFromEnv(env, 'LOGIN_BACKOFF_SECONDS', 60, 1);
  const maxBackoffSec = intFromEnv(env, 'LOGIN_BACKOFF_MAX_SECONDS', 3600, backoffSec);
  if (maxBackoffSec > MAX_WAIT_SEC) throw new Error(`LOGIN_BACKOFF_MAX_SECONDS must be at most ${MAX_WAIT_SEC}, got ${maxBackoffSec}`);
  return {
    consecutiveFails: intFromEnv(env, 'LOGIN_CONSECUTIVE_FAILS', 5, 1),
    backoffSec,
    maxBackoffSec,
    failsPerIpPerDay: intFromEnv(env, 'LOGIN_FAILS_PER_IP_PER_DAY', 100, 1),
    failsPerAccountPerDay: intFromEnv(env, 'LOGIN_FAILS_PER_ACCOUNT_PER_DAY', 50, 1),
  };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFromEnv(env, 'PORT', 3000);
  const routingMode = env.ROUTING_MODE ?? 'manual';
  if (routingMode !== 'manual' && routingMode !== 'auto') {
    throw new Error(`ROUTING_MODE must be "manual" or "auto", got "${routingMode}"`);
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${logLevel}"`);
  }
  return {
    port,
    databasePath: env.DATABASE_PATH || './data/parley.db',
    databaseUrl: env.DATABASE_URL || undefined,
    importMaxBytes: intFromEnv(env, 'IMPORT_MAX_MB', 512) * 2 ** 20,
    trustProxy: /^\d+$/.test(env.TRUST_PROXY ?? '') ? Number(env.TRUST_PROXY) : env.TRUST_PROXY || 'loopback',
    filesDir: env.FILES_DIR || undefined,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim().replace(/\/$/, ''))
      .filter(Boolean),
    adminEmail: env.ADMIN_EMAIL || 'owner@parley.local',
    adminPassword: env.ADMIN_PASSWORD || undefined,
    routingMode,
    agentGraceMs: intFromEnv(env, 'AGENT_GRACE_SECONDS', 60) * 1000,
    visitorGraceMs: intFromEnv(env, 'VISITOR_GRACE_SECONDS', 120) * 1000,
    maxMessageLength: 5000,
    demoPort: intFromEnv(env, 'DEMO_PORT', port + 1),
    siteName: env.SITE_NAME || 'Parley demo shop',
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || undefined,
    transcriptsPerVisitorPerDay: intFromEnv(env, 'TRANSCRIPTS_PER_VISITOR_PER_DAY', 5),
    transcriptsPerRecipientPerDay: intFromEnv(env, 'TRANSCRIPTS_PER_RECIPIENT_PER_DAY', 5),
    transcriptsPerHour: intFromEnv(env, 'TRANSCRIPTS_PER_HOUR', 100),
    logLevel: logLevel as LogLevel,
    nodeId: env.NODE_ID || `${hostname()}-${process.pid}`,
    metricsToken: env.METRICS_TOKEN || undefined,
    signInLimits: signInLimitsFromEnv(env),
  };
}

/** Defaults for tests: no demo site, manual routing, short grace periods, no log output. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...configFromEnv({}),
    port: 0,
    databasePath: ':memory:',
    demoPort: 0,
    adminEmail: 'owner@example.com',
    adminPassword: 'owner-password',
    logLevel: 'silent',
    ...overrides,
  };
}
