import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
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
import { zodBadRequest } from './errors.ts';
import { recordAudit } from '../store/audit-log.ts';
import { addressKey, tooManyAttempts, type SignInLimits } from './sign-in-limits.ts';

export const SESSION_COOKIE = 'parley_session';

declare module 'express-serve-static-core' {
  interface Request {
    agent?: AgentRow;
    /** The hash of the session token the request came with (requireAgent). */
    sessionTokenHash?: string;
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

const loginBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000) });

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

/**
 * `signIns` limits the attempts (shared with invitation accepts); `onSignOut` ends what the
 * session still has open elsewhere (its sockets).
 */
export function authRouter(db: Sql, clock: Clock, signIns: SignInLimits, onSignOut: (tokenHash: string) => void): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    const { email, password } = parsed.data;
    // Emails are matched without case: so are their attempts.
    const attempt = await signIns.attempt(addressKey(req.ip), `login:${email.toLowerCase()}`);
    if (!attempt.allowed) return tooManyAttempts(res, attempt.retryAfterSec);
    const agent = await authenticateAgent(db, email, password);
    if (!agent) {
      await recordAudit(db, { at: clock.now(), actor: null, action: 'auth.sign_in_failed', target: null, ip: req.ip ?? null, details: { email } });
      res.status(401).json({ error: 'email or password is wrong' });
      return;
    }
    await attempt.succeeded();
    await recordAudit(db, { at: clock.now(), actor: agent.id, action: 'auth.signed_in', target: agent.id, ip: req.ip ?? null, details: null });
    res.json({ token: await startSession(db, clock, res, agent.id), agent });
  });
  router.post('/logout', async (req, res) => {
    const token = tokenFromRequest(req);
    if (token) {
      await deleteSession(db, token);
      onSignOut(hashToken(token));
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });
  router.get('/me', requireAgent(db, clock), (req, res) => {
    res.json({ agent: req.agent });
  });
  return router;
}

/** 401 without a valid session or bearer token; sets `req.agent`. */
export function requireAgent(db: Sql, clock: Clock) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenFromRequest(req);
    const agent = token ? await agentForSession(db, token, clock.now()) : undefined;
    if (!agent) {
      res.status(401).json({ error: 'sign in first: a session cookie or a bearer token is required' });
      return;
    }
    req.agent = agent;
    req.sessionTokenHash = hashToken(token!);
    next();
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
