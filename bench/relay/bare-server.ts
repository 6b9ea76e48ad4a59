/**
 * The ceiling for the relay benchmark: a plain Socket.IO server that forwards each visitor
 * message to the paired agent socket and back, with an ack, and nothing else: no storage,
 * no validation, no rooms. Same namespaces, event names and payload shapes as Parley.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { MessageView } from '../../shared/protocol.ts';
import { serveBenchmark, type ChatPair } from './child.ts';

await serveBenchmark(async (chats) => {
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  const visitors = new Map<string, Socket>();
  const agents = new Map<string, Socket>();
  let seq = 0;
  const chatSeqs = new Map<string, number>();

  const view = (chatId: string, author: 'visitor' | 'agent', msg: { id: string; text: string }): MessageView => ({
    id: msg.id,
    chatId,
    seq: ++seq,
    chatSeq: chatSeqs.set(chatId, (chatSeqs.get(chatId) ?? 0) + 1).get(chatId)!,
    author,
    agentId: null,
    authorName: null,
    text: msg.text,
    at: Date.now(),
    cannedId: null,
  });

  // The token is the chat id: pairing is all this server knows.
  io.of('/visitor').on('connection', (socket) => {
    const chatId = String(socket.handshake.auth.token);
    visitors.set(chatId, socket);
    socket.on('message:send', (msg, ack) => {
      const message = view(chatId, 'visitor', msg);
      agents.get(chatId)?.emit('message:new', message);
      ack({ ok: true, message });
    });
  });
  io.of('/agent').on('connection', (socket) => {
    const chatId = String(socket.handshake.auth.token);
    agents.set(chatId, socket);
    socket.on('message:send', (msg, ack) => {
      const message = view(chatId, 'agent', msg);
      visitors.get(chatId)?.emit('message:new', message);
      ack({ ok: true, message });
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const pairs: ChatPair[] = Array.from({ length: chats }, (_, i) => {
    const chatId = `chat-${i}`;
    return { visitorToken: chatId, agentToken: chatId, chatId };
  });
  return {
    port: (httpServer.address() as AddressInfo).port,
    pairs,
    storedMessages: async () => null,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
});
