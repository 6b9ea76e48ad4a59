import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  raw: string;
  body: { id: string; type: string; createdAt: number; data: any };
  answeredWith: number;
}

/**
 * A webhook receiver on a real socket: records every request and answers `status` (a number,
 * or a function of the request's place and body) with a short body; `delayMs` holds each answer back.
 */
export async function startWebhookReceiver(opts: { status?: number | ((n: number, body: ReceivedWebhook['body']) => number); delayMs?: number } = {}) {
  const received: ReceivedWebhook[] = [];
  let status = opts.status ?? 200;
  let delayMs = opts.delayMs ?? 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as ReceivedWebhook['body'];
      const code = typeof status === 'function' ? status(received.length, body) : status;
      received.push({ headers: req.headers, raw, body, answeredWith: code });
      setTimeout(() => {
        res.writeHead(code, { 'content-type': 'text/plain' });
        res.end(code < 300 ? 'thanks' : `receiver says ${code}`);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    setStatus(s: number | ((n: number, body: ReceivedWebhook['body']) => number)) {
      status = s;
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
