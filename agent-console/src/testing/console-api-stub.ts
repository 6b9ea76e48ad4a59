import { vi } from 'vitest';

/**
 * The REST calls the inbox makes besides its socket (a chat's ratings, the site name for
 * canned replies), answered in memory: happy-dom would otherwise try a real server.
 */
export function stubConsoleApi(): void {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const path = new URL(String(input), 'http://console.test').pathname;
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (/^\/api\/chats\/[^/]+\/surveys$/.test(path)) return json(200, { surveys: [] });
    if (path === '/api/widget/config') return json(200, { siteName: 'Parley demo shop' });
    return json(404, { error: 'no such endpoint' });
  });
}
