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

/**
 * What one anonymous visitor (and one address, and the whole server) may do: README "Abuse
 * limits". Counted by `server/cluster/visitor-budgets.ts`; defaults no person at a keyboard meets.
 */
export interface VisitorLimitsConfig {
  /** New visitor sessions (POST /api/visitor/session without a known token) per address per hour. */
  sessionsPerIpPerHour: number;
  /** Socket connections one visitor token may open per minute (a reload, a tab: one each). */
  connectionsPerMinute: number;
  /** Sockets one visitor token may hold open at once on a node (one per tab). */
  socketsPerToken: number;
  /** Messages (and offline forms) one visitor may send per minute. */
  messagesPerMinute: number;
  /** Chats one visitor may end or leave by offline form per hour: each one lets a new chat open. */
  chatsPerHour: number;
  pageViewsPerMinute: number;
  typingPerMinute: number;
  /** Every other event (identify, attributes, conversions, invitation events, sync, surveys…) per minute. */
  eventsPerMinute: number;
  /** All the events of all the visitors behind one address per minute. */
  eventsPerIpPerMinute: number;
  /** Attributes one visitor may have, and their size as JSON. */
  maxAttributes: number;
  maxAttributesBytes: number;
  /** `visitor:update` to the agents: at most one per visitor in this time (the last change wins). */
  visitorUpdateIntervalMs: number;
  /** Files sent from the widget per address per hour, over all the visitor tokens it holds. */
  attachmentsPerIpPerHour: number;
  /** Files sent from all widgets per hour, and their total size: the disk's budget. */
  attachmentsPerHour: number;
  attachmentMegabytesPerHour: number;
  /** A file no message names after this long is deleted. */
  orphanFileMinutes: number;
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
  /** A CA certificate (PEM file) trusted for Web Push services besides the system's; rarely needed. */
  pushCaFile?: string;
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
  /** WEBHOOKS_ALLOW_PRIVATE=true: webhooks may go to private and loopback addresses. */
  webhooksAllowPrivate: boolean;
  /** Requests one API key may make a minute, over every node (README "API keys"). */
  apiKeyRequestsPerMinute: number;
  signInLimits: SignInLimitsConfig;
  visitorLimits: VisitorLimitsConfig;
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

function visitorLimitsFromEnv(env: NodeJS.ProcessEnv): VisitorLimitsConfig {
  return {
    sessionsPerIpPerHour: intFromEnv(env, 'VISITOR_SESSIONS_PER_IP_PER_HOUR', 300, 1),
    connectionsPerMinute: intFromEnv(env, 'VISITOR_CONNECTIONS_PER_MINUTE', 60, 1),
    socketsPerToken: intFromEnv(env, 'VISITOR_SOCKETS_PER_TOKEN', 20, 1),
    messagesPerMinute: intFromEnv(env, 'VISITOR_MESSAGES_PER_MINUTE', 60, 1),
    chatsPerHour: intFromEnv(env, 'VISITOR_CHATS_PER_HOUR', 30, 1),
    pageViewsPerMinute: intFromEnv(env, 'VISITOR_PAGE_VIEWS_PER_MINUTE', 60, 1),
    typingPerMinute: intFromEnv(env, 'VISITOR_TYPING_PER_MINUTE', 300, 1),
    eventsPerMinute: intFromEnv(env, 'VISITOR_EVENTS_PER_MINUTE', 300, 1),
    eventsPerIpPerMinute: intFromEnv(env, 'VISITOR_EVENTS_PER_IP_PER_MINUTE', 3000, 1),
    maxAttributes: intFromEnv(env, 'VISITOR_MAX_ATTRIBUTES', 100, 1),
    maxAttributesBytes: intFromEnv(env, 'VISITOR_MAX_ATTRIBUTES_BYTES', 16384, 2),
    visitorUpdateIntervalMs: intFromEnv(env, 'VISITOR_UPDATE_INTERVAL_MS', 1000),
    attachmentsPerIpPerHour: intFromEnv(env, 'ATTACHMENTS_PER_IP_PER_HOUR', 60, 1),
    attachmentsPerHour: intFromEnv(env, 'ATTACHMENTS_PER_HOUR_TOTAL', 2000, 1),
    attachmentMegabytesPerHour: intFromEnv(env, 'ATTACHMENT_MEGABYTES_PER_HOUR_TOTAL', 2048, 1),
    orphanFileMinutes: intFromEnv(env, 'ORPHAN_FILE_MINUTES', 60, 1),
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
    pushCaFile: env.PUSH_CA_FILE || undefined,
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
    webhooksAllowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === 'true',
    apiKeyRequestsPerMinute: intFromEnv(env, 'API_KEY_REQUESTS_PER_MINUTE', 600, 1),
    signInLimits: signInLimitsFromEnv(env),
    visitorLimits: visitorLimitsFromEnv(env),
  };
}

/**
 * Defaults for tests: no demo site, manual routing, short grace periods, no log output. Every
 * test's clients share 127.0.0.1, so the budgets per address are out of the way unless a test
 * sets them; `visitor:update` is not held back (tests of the throttle set it).
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const defaults = configFromEnv({});
  return {
    ...defaults,
    visitorLimits: {
      ...defaults.visitorLimits,
      sessionsPerIpPerHour: 1_000_000,
      eventsPerIpPerMinute: 1_000_000,
      attachmentsPerIpPerHour: 1_000_000,
      visitorUpdateIntervalMs: 0,
    },
    port: 0,
    databasePath: ':memory:',
    demoPort: 0,
    adminEmail: 'owner@example.com',
    adminPassword: 'owner-password',
    logLevel: 'silent',
    ...overrides,
  };
}
