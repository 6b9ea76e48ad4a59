import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * The demo site: a different origin that carries only the script tag, as a customer's site
 * would. `demo/index.html` names the server as {{PUBLIC_URL}}.
 */
export function startDemoSite(port: number, publicUrl: string, host?: string): Promise<{ server: Server; port: number }> {
  const page = readFileSync(join(import.meta.dirname, '..', 'demo', 'index.html'), 'utf8').replaceAll(
    '{{PUBLIC_URL}}',
    publicUrl,
  );
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    // Every path is the same page, so the demo can show the widget across navigations.
    if (req.method === 'GET' && !path!.includes('.')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}
