import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { signInAttempt, startTestServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
afterEach(async () => {
  await server?.close(true);
});

/** Signs in as the console does and answers the session cookie it set. */
async function sessionCookie(): Promise<string> {
  const answer = await signInAttempt(server.url, { email: 'owner@example.com', password: 'owner-password' }, { origin: server.url });
  expect(answer.status).toBe(200);
  return answer.headers.get('set-cookie')!.split(';')[0]!;
}

const postWithCookie = (cookie: string, origin: string | undefined) =>
  fetch(`${server.url}/api/departments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...(origin ? { origin } : {}) },
    body: JSON.stringify({ id: 'sales', name: 'Sales' }),
  });

const handshake = (cookie: string, origin: string) =>
  new Promise<string>((resolve) => {
    const socket = io(`${server.url}/agent`, { transports: ['websocket'], extraHeaders: { cookie, origin }, reconnection: false });
    socket.on('connect', () => (socket.close(), resolve('connected')));
    socket.on('connect_error', (err) => (socket.close(), resolve(err.message)));
  });

describe("the console's session cookie", () => {
  it("changes nothing when a call comes from another origin of the same site, and works from the console's own", async () => {
    server = await startTestServer();
    const cookie = await sessionCookie();
    const neighbour = await postWithCookie(cookie, 'https://www.shop.example');
    expect(neighbour.status).toBe(403);
    expect(((await neighbour.json()) as { error: string }).error).toMatch(/^origin:/);
    expect(await server.store.value('SELECT count(*) FROM departments')).toBe(0);
    expect((await postWithCookie(cookie, server.url)).status).toBe(201);
  });

  it('opens an agent socket only from the console origin', async () => {
    server = await startTestServer();
    const cookie = await sessionCookie();
    expect(await handshake(cookie, 'https://www.shop.example')).toMatch(/origin/);
    expect(await handshake(cookie, server.url)).toBe('connected');
  });

  it('is served with a console that cannot be framed and runs only its own scripts', async () => {
    server = await startTestServer();
    const page = await fetch(`${server.url}/console/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });
});
