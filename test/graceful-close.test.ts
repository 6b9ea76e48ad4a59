import { expect, it } from 'vitest';
import { connect } from 'node:net';
import { startTestServer } from './helpers/server.ts';

/**
 * A client that keeps sending over a kept-alive connection (a console's socket.io polling as it
 * reconnects, a load balancer's health checks) must not keep the server from closing. Node's
 * close() ends only the connections idle at that moment; one busy then went on being answered
 * and kept alive for as long as its client sent, so a SIGTERM hung until the orchestrator's
 * SIGKILL (found as a browser test that timed out closing its server under a reconnecting console).
 */
it('closes while a client keeps sending over a kept-alive connection that was busy at close', async () => {
  const server = await startTestServer();
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const request = 'GET /healthz HTTP/1.1\r\nHost: parley.test\r\nConnection: keep-alive\r\n';
  let answers = '';
  let ended = false;
  socket.on('data', (chunk) => {
    answers += chunk;
    // Each answer is followed at once by the next request, as a client with work to do would.
    if (!ended && !socket.destroyed) socket.write(`${request}\r\n`);
  });
  socket.on('close', () => (ended = true));
  socket.on('error', () => (ended = true));
  // Half a request: the connection is busy when the server closes.
  socket.write(request);
  await new Promise((resolve) => setTimeout(resolve, 50));

  let closed = false;
  const closing = server.close(true).then(() => (closed = true));
  socket.write('\r\n');
  await expect.poll(() => closed).toBe(true);
  await closing;
  // The request in flight was answered, and that answer ended the connection.
  expect(answers).toMatch(/^HTTP\/1\.1 200 OK/);
  expect(answers).toMatch(/connection: close/i);
  await expect.poll(() => ended).toBe(true);
  socket.destroy();
});

it('ends the connection of a request already being answered at close (a long poll)', async () => {
  const server = await startTestServer();
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let answers = '';
  let ended = false;
  socket.on('data', (chunk) => (answers += chunk));
  socket.on('close', () => (ended = true));
  socket.on('error', () => (ended = true));
  const get = (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: parley.test\r\nConnection: keep-alive\r\n\r\n`);
  get('/socket.io/?EIO=4&transport=polling');
  await expect.poll(() => /"sid":"([^"]+)"/.exec(answers)?.[1]).toBeTruthy();
  const sid = /"sid":"([^"]+)"/.exec(answers)![1];
  answers = '';
  // The long poll waits for the next packet: a whole request, being answered when close() begins.
  get(`/socket.io/?EIO=4&transport=polling&sid=${sid}`);
  await new Promise((resolve) => setTimeout(resolve, 100));

  await server.close(true);
  expect(answers).toMatch(/^HTTP\/1\.1 200 OK/);
  expect(answers).toMatch(/connection: close/i);
  await expect.poll(() => ended).toBe(true);
  socket.destroy();
});

