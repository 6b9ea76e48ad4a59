import type { KeyValueStore } from './local-store.ts';

export const TOKEN_KEY = 'parley.visitorToken';

export interface VisitorSession {
  visitorId: string;
  token: string;
}

/**
 * The visitor's token: the saved one if the server still knows it, else a new one. Kept in the
 * iframe's storage (the server's origin), never in a cookie on the customer's site.
 */
export async function obtainVisitorSession(
  serverUrl: string,
  store: KeyValueStore,
  fetchFn: typeof fetch = fetch,
): Promise<VisitorSession> {
  const saved = store.get(TOKEN_KEY);
  let session = saved ? await requestSession(serverUrl, { token: saved }, fetchFn) : null;
  // A token the server no longer accepts (a reset database, say) is replaced, not retried forever.
  session ??= await requestSession(serverUrl, {}, fetchFn);
  if (!session) throw new Error('the chat server did not give a visitor session');
  store.set(TOKEN_KEY, session.token);
  return session;
}

async function requestSession(
  serverUrl: string,
  body: { token?: string },
  fetchFn: typeof fetch,
): Promise<VisitorSession | null> {
  const res = await fetchFn(`${serverUrl}/api/visitor/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 500) throw new Error(`the chat server answered ${res.status}`);
  if (!res.ok) return null;
  const data = (await res.json()) as Partial<VisitorSession>;
  return typeof data.token === 'string' && typeof data.visitorId === 'string'
    ? { visitorId: data.visitorId, token: data.token }
    : null;
}
