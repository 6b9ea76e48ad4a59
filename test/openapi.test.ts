import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

// GET /api/openapi.json is made from the same declarations that serve the routes
// (shared/api-routes.ts). Both ways: every route Express serves under /api is in the document,
// and every documented route answers (nothing there is a 404 "no such endpoint").

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close(true);
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
}

/** `METHOD /path/{param}` of every route in an Express router, its mount paths included. */
function servedRoutes(stack: Layer[], prefix = ''): string[] {
  const found: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const path = (prefix + layer.route.path).replace(/:(\w+)/g, '{$1}');
      for (const method of Object.keys(layer.route.methods)) if (method !== '_all') found.push(`${method.toUpperCase()} ${path}`);
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      found.push(...servedRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every route under /api, each of which answers', async () => {
    const server = await startTestServer();
    servers.push(server);
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

    const served = servedRoutes((server.parley.app as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) => r.split(' ')[1]!.startsWith('/api/'));
    expect(served.length).toBeGreaterThan(60);
    expect(served.filter((r) => !documented.includes(r))).toEqual([]);

    const missing: string[] = [];
    for (const route of documented) {
      const [method, path] = route.split(' ') as [string, string];
      // Without credentials: nothing changes, and a route that exists answers 401, 400 or its own 404.
      const answer = await fetch(`${server.url}${path.replace(/\{\w+\}/g, 'x')}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      const body = await answer.text();
      if (answer.status === 404 && body.includes('no such endpoint')) missing.push(route);
    }
    expect(missing).toEqual([]);

    // What the declarations say is in it: access, scopes, bodies, queries and answers.
    const send = doc.paths['/api/chats/{chatId}/messages']!.post;
    expect(send['x-parley-access']).toEqual({ roles: ['agent', 'admin', 'owner'], scope: 'chats:write' });
    expect(send.security).toEqual([{ session: [] }, { apiKey: ['chats:write'] }]);
    expect(send.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['id', 'text', 'agentId']));
    expect(doc.paths['/api/api-keys']!.post.responses['201'].content['application/json'].schema.properties.key).toEqual({ type: 'string' });
    expect(doc.paths['/api/search']!.get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['q', 'from', 'limit']));
    expect(doc.paths['/api/metrics.csv']!.get.responses['200'].content).toHaveProperty(['text/csv']);
  });
});
