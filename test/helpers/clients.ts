import { io, type Socket } from 'socket.io-client';
import { ChatSession, type VisitorSocket } from '../../widget/app/chat-session.ts';
import { memoryStore } from '../../widget/app/local-store.ts';

/** A socket.io client that awaits acks and records what the server pushed. */
export class TestClient {
  readonly received: Array<{ event: string; payload: any }> = [];
  constructor(readonly socket: Socket) {
    socket.onAny((event, payload) => this.received.push({ event, payload }));
  }

  call<T = any>(event: string, payload?: unknown): Promise<T> {
    return this.socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
  }

  /** Resolves with the first pushed payload of `event` matching `match` (past ones included). */
  waitFor<T = any>(event: string, match: (p: any) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    const seen = this.received.find((r) => r.event === event && match(r.payload));
    if (seen) return Promise.resolve(seen.payload);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off(event, listener);
        reject(new Error(`timed out waiting for ${event}`));
      }, timeoutMs);
      const listener = (p: any) => {
        if (!match(p)) return;
        clearTimeout(timer);
        this.socket.off(event, listener);
        resolve(p);
      };
      this.socket.on(event, listener);
    });
  }

  pushed(event: string): any[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload);
  }

  close(): void {
    this.socket.disconnect();
  }
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

export async function visitorSession(url: string, token?: string): Promise<{ visitorId: string; token: string }> {
  const res = await fetch(`${url}/api/visitor/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(token ? { token } : {}),
  });
  return (await res.json()) as { visitorId: string; token: string };
}

export async function connectVisitor(url: string, token?: string) {
  const session = await visitorSession(url, token);
  const socket = io(`${url}/visitor`, { auth: { token: session.token }, transports: ['websocket'], forceNew: true });
  await connected(socket);
  const client = new TestClient(socket);
  return Object.assign(client, session);
}

export async function connectAgent(url: string, token: string) {
  const socket = io(`${url}/agent`, { auth: { token }, transports: ['websocket'], forceNew: true });
  await connected(socket);
  return new TestClient(socket);
}

export async function createAgentAccount(
  url: string,
  db: import('../../server/store/sql.ts').Sql,
  a: { name: string; email: string; password?: string; role?: 'agent' | 'admin'; maxChats?: number },
) {
  const { createAgent, hashPassword } = await import('../../server/store/agents.ts');
  const passwordHash = await hashPassword(a.password ?? 'agent-password');
  await createAgent(db, { name: a.name, email: a.email, role: a.role ?? 'agent', passwordHash, maxChats: a.maxChats ?? 3 }, Date.now());
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: a.email, password: a.password ?? 'agent-password' }),
  });
  return ((await res.json()) as { token: string }).token;
}

/**
 * The widget's own session code (ChatSession) against a real server, with an in-memory store;
 * `wrap` may stand between it and each socket it opens (a test that drops a message).
 */
export function widgetSession(url: string, wrap: (socket: VisitorSocket) => VisitorSocket = (s) => s): ChatSession {
  return new ChatSession({
    serverUrl: url,
    store: memoryStore(),
    connect: (token) => wrap(io(`${url}/visitor`, { auth: { token }, transports: ['websocket'], forceNew: true }) as VisitorSocket),
    page: async () => null,
    watching: () => true,
    locale: 'en',
    timeZone: 'UTC',
  });
}
