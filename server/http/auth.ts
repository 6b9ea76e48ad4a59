import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Sql } from '../store/sql.ts';
import type { Clock } from '../clock.ts';
import {
  agentForSession,
  authenticateAgent,
  createSession,
  deleteSession,
  hashToken,
  type AgentRow,
  type Role,
} from '../store/agents.ts';
import { expressPath, serve } from './api-routes.ts';
import { routes } from '../../shared/api-routes.ts';
import { recordAudit } from '../store/audit-log.ts';
import { mustEnrolTwoFactor, type TwoFactor } from '../team/two-factor.ts';
import { addressKey, tooManyAttempts, type SignInLimits } from './sign-in-limits.ts';
import { authenticateApiKey, keyAllows, looksLikeApiKey, type KeyCaller } from '../team/api-keys.ts';
import type { ApiKeyScope } from '../../shared/api-route.ts';

export const SESSION_COOKIE = 'parley_session';

declare module 'express-serve-static-core' {
  interface Request {
    agent?: AgentRow;
    /** The hash of the session token the request came with (requireAgent); unset for a key. */
    sessionTokenHash?: string;
    /** The API key the request came with: the audit's actor is `key:<id>`. */
    apiKey?: KeyCaller['key'];
    /** identifyCaller's answer, kept for the rest of the request. */
    caller?: Promise<Caller | undefined>;
  }
}

/** Reads one cookie from a Cookie header (used by HTTP and by socket handshakes). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function tokenFromRequest(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

/**
 * SameSite cookies keep other sites out, not a neighbour on the same site (www.shop.example next
 * to chat.shop.example): a state-changing call that signs in with the session cookie must come
 * from the console's own origin, PUBLIC_URL's. Bearer tokens are not sent by browsers on their
 * own, so they need no such check.
 */
export function refuseCrossOriginCookies(publicUrl: () => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (req.headers.authorization?.startsWith('Bearer ')) return next();
    if (!readCookie(req.headers.cookie, SESSION_COOKIE)) return next();
    if (sameOrigin(req.headers.origin, publicUrl())) return next();
    res.status(403).json({ error: `origin: the console's session works only from ${new URL(publicUrl()).origin}` });
  };
}

/** A browser's Origin header is that of `publicUrl` (none sent: not a browser's cross-site call). */
export function sameOrigin(origin: string | undefined, publicUrl: string): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

/** Signs the agent in: a new session, its cookie set on `res`. Returns the session's token. */
export async function startSession(db: Sql, clock: Clock, res: Response, agentId: string): Promise<string> {
  const token = await createSession(db, agentId, clock.now());
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    // Behind https (directly or through a trusted proxy) the cookie never travels in clear.
    secure: res.req.secure,
    path: '/',
    maxAge: 30 * 24 * 3600 * 1000,
  });
  return token;
}

/** The agent as sign-in and /me answer: with whether they must enrol in two-factor first. */
async function signedInAgent(db: Sql, agent: AgentRow) {
  return { ...agent, mustEnrolTwoFactor: await mustEnrolTwoFactor(db, agent) };
}

/**
 * `signIns` limits the attempts (shared with invitation accepts); `onSignOut` ends what the
 * session still has open elsewhere (its sockets); `twoFactor` checks the codes.
 */
export function authRouter(db: Sql, clock: Clock, signIns: SignInLimits, onSignOut: (tokenHash: string) => void, twoFactor: TwoFactor): Router {
  const router = Router();
  const deps = { db, clock };
  // `code`: a TOTP code or a recovery code, for an account with two-factor sign-in.
  serve(router, deps, routes.signIn, async ({ req, res, body: { email, password, code } }) => {
    // Emails are matched without case: so are their attempts.
    const attempt = await signIns.attempt(addressKey(req.ip), `login:${email.toLowerCase()}`);
    if (!attempt.allowed) return tooManyAttempts(res, attempt.retryAfterSec);
    const agent = await authenticateAgent(db, email, password);
    if (!agent) {
      await recordAudit(db, { at: clock.now(), actor: null, action: 'auth.sign_in_failed', target: null, ip: req.ip ?? null, details: { email } });
      res.status(401).json({ error: 'email or password is wrong' });
      return;
    }
    const by = { actor: agent.id, ip: req.ip ?? null };
    // The password was right. Without the code the attempt still counts as a failure, so that
    // asking for the code cannot be used to reset the limits between guesses of it.
    if (agent.twoFactor) {
      if (code === undefined) {
        res.status(401).json({ error: 'two-factor: enter the code from your authenticator app, or a recovery code', twoFactorRequired: true });
        return;
      }
      if (!(await twoFactor.accept(agent, code, by))) {
        await recordAudit(db, { ...by, at: clock.now(), action: 'auth.sign_in_failed', target: agent.id, details: { email, reason: 'two-factor code' } });
        res.status(401).json({ error: 'two-factor: the code is wrong or was used already', twoFactorRequired: true });
        return;
      }
    }
    await attempt.succeeded();
    await recordAudit(db, { ...by, at: clock.now(), action: 'auth.signed_in', target: agent.id, details: agent.twoFactor ? { twoFactor: true } : null });
    res.json({ token: await startSession(db, clock, res, agent.id), agent: await signedInAgent(db, agent) });
  });
  serve(router, deps, routes.signOut, async ({ req, res }) => {
    const token = tokenFromRequest(req);
    if (token) {
      const agent = await agentForSession(db, token, clock.now());
      await deleteSession(db, token);
      onSignOut(hashToken(token));
      if (agent) await recordAudit(db, { at: clock.now(), actor: agent.id, action: 'auth.signed_out', target: agent.id, ip: req.ip ?? null, details: null });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });
  // Not through `serve`: the route must answer an agent who still has to enrol in two-factor.
  router.get(expressPath(routes.me), requireAgent(db, clock, { beforeEnrolment: true }), async (req, res) => {
    res.json({ agent: await signedInAgent(db, req.agent!) });
  });
  return router;
}

/** Who calls: a session's agent, or an API key and the agent it acts as. */
export type Caller = { agent: AgentRow; key: null; tokenHash: string } | (KeyCaller & { tokenHash: null });

/** Who calls, found once per request (the API keys' budget asks before the route does). */
export function identifyCaller(db: Sql, clock: Clock, req: Request): Promise<Caller | undefined> {
  req.caller ??= findCaller(db, clock, req);
  return req.caller;
}

async function findCaller(db: Sql, clock: Clock, req: Request): Promise<Caller | undefined> {
  const token = tokenFromRequest(req);
  if (!token) return undefined;
  if (looksLikeApiKey(token)) {
    const caller = await authenticateApiKey(db, clock, token);
    return caller && { ...caller, tokenHash: null };
  }
  const agent = await agentForSession(db, token, clock.now());
  return agent && { agent, key: null, tokenHash: hashToken(token) };
}

/** Why a 401: nothing sent, a key that does not work, or a session token that has ended. */
function refusedCredentials(token: string | undefined): string {
  if (!token) return 'sign in first: a session cookie, or a bearer token or API key, is required';
  if (looksLikeApiKey(token)) return 'this API key is not valid: it is wrong, it was revoked, or the agent who made it was deactivated';
  return 'your session has ended: sign in again';
}

/**
 * Checks the caller against a route's access: 401 without valid credentials; for a session,
 * 403 while it must enrol in two-factor sign-in (but on the routes that enrol: `beforeEnrolment`);
 * for a key, 403 naming the scope it lacks (`scope` null: sessions only). Sets `req.agent`.
 */
export async function admitCaller(
  db: Sql,
  clock: Clock,
  req: Request,
  res: Response,
  access: { scope: ApiKeyScope | null; beforeEnrolment?: boolean },
): Promise<boolean> {
  const caller = await identifyCaller(db, clock, req);
  if (!caller) {
    res.status(401).json({ error: refusedCredentials(tokenFromRequest(req)) });
    return false;
  }
  if (caller.key) {
    if (access.scope === null) {
      res.status(403).json({ error: 'API keys cannot call this: sign in to the console' });
      return false;
    }
    if (!keyAllows(caller.key.scopes, access.scope)) {
      res.status(403).json({ error: `this API key lacks the scope ${access.scope}`, scope: access.scope });
      return false;
    }
    req.apiKey = caller.key;
  } else {
    if (!access.beforeEnrolment && (await mustEnrolTwoFactor(db, caller.agent))) {
      res.status(403).json({ error: 'two-factor: the owner requires two-factor sign-in; enrol first (POST /api/auth/two-factor)', mustEnrolTwoFactor: true });
      return false;
    }
    req.sessionTokenHash = caller.tokenHash;
  }
  req.agent = caller.agent;
  return true;
}

/**
 * 401 without a valid session, bearer token or API key; sets `req.agent`. An API key needs the
 * `admin` scope here (the routes with narrower scopes are declared in shared/api-routes.ts);
 * `sessionOnly` routes take no key.
 */
export function requireAgent(db: Sql, clock: Clock, opts: { beforeEnrolment?: boolean; sessionOnly?: boolean } = {}) {
  const scope = opts.sessionOnly || opts.beforeEnrolment ? null : 'admin';
  return async (req: Request, res: Response, next: NextFunction) => {
    if (await admitCaller(db, clock, req, res, { scope, beforeEnrolment: opts.beforeEnrolment })) next();
  };
}

/** 401 without credentials, 403 for a role not in `roles`. */
export function requireRole(db: Sql, clock: Clock, ...roles: Role[]) {
  const authenticate = requireAgent(db, clock);
  return async (req: Request, res: Response, next: NextFunction) => {
    await authenticate(req, res, () => {
      if (!roles.includes(req.agent!.role)) {
        res.status(403).json({ error: `this needs the role ${roles.join(' or ')}` });
        return;
      }
      next();
    });
  };
}
