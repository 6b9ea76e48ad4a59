import { describe, expect, it } from 'vitest';
import { memoryStore } from './local-store.ts';
import { obtainVisitorSession, TOKEN_KEY } from './visitor-token.ts';

function fakeServer(known: string[]) {
  const bodies: unknown[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    bodies.push(body);
    if (body.token && known.includes(body.token)) return Response.json({ visitorId: 'vis_old', token: body.token });
    return Response.json({ visitorId: 'vis_new', token: 'tok_new' }, { status: 201 });
  }) as typeof fetch;
  return { fetchFn, bodies };
}

describe('obtainVisitorSession', () => {
  it('creates a session on first visit and keeps its token', async () => {
    const store = memoryStore();
    const { fetchFn, bodies } = fakeServer([]);
    expect(await obtainVisitorSession('http://chat.test', store, fetchFn)).toEqual({ visitorId: 'vis_new', token: 'tok_new' });
    expect(bodies).toEqual([{}]);
    expect(store.get(TOKEN_KEY)).toBe('tok_new');
  });

  it('reuses a saved token the server knows, and replaces one it does not', async () => {
    const store = memoryStore();
    store.set(TOKEN_KEY, 'tok_old');
    expect((await obtainVisitorSession('http://chat.test', store, fakeServer(['tok_old']).fetchFn)).visitorId).toBe('vis_old');
    expect((await obtainVisitorSession('http://chat.test', store, fakeServer([]).fetchFn)).token).toBe('tok_new');
    expect(store.get(TOKEN_KEY)).toBe('tok_new');
  });

  it('fails on a server error without touching the saved token', async () => {
    const store = memoryStore();
    store.set(TOKEN_KEY, 'tok_old');
    const down = (async () => new Response('oops', { status: 503 })) as unknown as typeof fetch;
    await expect(obtainVisitorSession('http://chat.test', store, down)).rejects.toThrow(/503/);
    expect(store.get(TOKEN_KEY)).toBe('tok_old');
  });
});
