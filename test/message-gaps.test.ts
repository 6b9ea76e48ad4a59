import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, widgetSession, type TestClient } from './helpers/clients.ts';
import type { VisitorSocket } from '../widget/app/chat-session.ts';
import { InboxStore } from '../agent-console/src/inbox-store.ts';
import type { AgentSocket } from '../agent-console/src/agent-socket.ts';
import type { MessageView } from '../shared/protocol.ts';
import { newId } from '../shared/ids.ts';

/**
 * The widget's and the console's own session code against a real server, each on a socket
 * that loses one `message:new` on the way: the next message shows the hole in the chat's
 * numbers, and the client fetches what it missed.
 */
let server: TestServer | undefined;
const cleanups: Array<() => void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await server?.close(true);
  server = undefined;
});

/**
 * Hands `message:new` to the client's handlers, except the first message `lose` picks; counts
 * the client's requests still waiting for their answer.
 */
function losingOne<S extends Socket>(
  socket: S,
  lose: (m: MessageView) => boolean,
): { socket: S; lost: MessageView[]; syncs: unknown[]; unanswered: () => number } {
  const lost: MessageView[] = [];
  const syncs: unknown[] = [];
  let unanswered = 0;
  const emit = socket.emit.bind(socket) as (...args: any[]) => unknown;
  (socket as any).emit = (...args: any[]) => {
    const ack = args[args.length - 1];
    if (typeof ack === 'function') {
      unanswered++;
      args[args.length - 1] = (...answer: any[]) => {
        unanswered--;
        ack(...answer);
      };
    }
    return emit(...args);
  };
  // The clients subscribe with socket.on: their 'message:new' handler is wrapped.
  const listening = socket as unknown as { on(event: string, handler: (...args: any[]) => void): unknown };
  const on = listening.on.bind(socket);
  listening.on = (event, handler) =>
    on(event, event !== 'message:new' ? handler : (m: MessageView) => {
      if (!lost.length && lose(m)) return void lost.push(m);
      handler(m);
    });
  socket.onAnyOutgoing((event, payload) => {
    if (event === 'messages:sync') syncs.push(payload);
  });
  return { socket, lost, syncs, unanswered: () => unanswered };
}

const track = <T extends TestClient>(c: T) => (cleanups.push(() => c.close()), c);

describe('a client that misses a message', () => {
  it('the widget: the agent’s reply shows the hole where "joined" was lost, and it fetches it', async () => {
    server = await startTestServer();
    const agent = track(await connectAgent(server.url, await loginToken(server.url)));
    await agent.call('status:set', { status: 'online' });

    const url = server.url;
    let widgetSocket!: ReturnType<typeof losingOne<VisitorSocket>>;
    const session = widgetSession(
      url,
      (socket) => (widgetSocket = losingOne(socket, (m) => m.notice?.kind === 'joined')).socket as VisitorSocket,
    );
    cleanups.push(() => session.stop());
    await session.start();
    await expect.poll(() => session.state.phase).toBe('live');

    session.send('Has my parcel left?');
    await expect.poll(() => session.state.messages.length).toBe(1);
    const chatId = session.state.messages[0]!.chatId;
    await agent.call('chat:accept', { chatId });
    await expect.poll(() => widgetSocket.lost.length).toBe(1);
    expect(session.state.messages.map((m) => m.text)).toEqual(['Has my parcel left?']);

    await agent.call('message:send', { chatId, id: newId('m_'), text: 'Yes, this morning.' });
    await expect.poll(() => session.state.messages.map((m) => m.chatSeq)).toEqual([1, 2, 3]);
    expect(session.state.messages.map((m) => m.text)).toEqual(['Has my parcel left?', 'Owner joined the chat', 'Yes, this morning.']);
    expect(widgetSocket.syncs).toHaveLength(1);
  });

  it('the console: a visitor message lost on the way shows as a hole at the next one, which fetches it', async () => {
    server = await startTestServer();
    const ownerId = (await server.store.value<string>("SELECT id FROM agents WHERE email = 'owner@example.com'"))!;
    const token = await loginToken(server.url);
    const visitor = track(await connectVisitor(server.url));
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'first' });

    const agentSocket = losingOne(
      io(`${server.url}/agent`, { auth: { token }, transports: ['websocket'], forceNew: true, autoConnect: false }) as AgentSocket,
      (m) => m.text === 'second',
    );
    const store = new InboxStore({ socket: agentSocket.socket, agentId: ownerId });
    cleanups.push(() => store.stop());
    store.start();
    await expect.poll(() => store.getState().me?.id).toBe(ownerId);
    await store.accept(message.chatId);
    const texts = () => store.getState().threads[message.chatId]?.messages.map((m) => m.text);
    expect(texts()).toEqual(['first', 'Owner joined the chat']);
    // The chat:upsert of the accept may have sent a chat:open too: its answer, read after
    // "second" is stored, would bring that message along and leave no hole to find.
    await expect.poll(() => agentSocket.unanswered()).toBe(0);

    await visitor.call('message:send', { id: newId('m_'), text: 'second' });
    await expect.poll(() => agentSocket.lost.length).toBe(1);
    await visitor.call('message:send', { id: newId('m_'), text: 'third' });
    await expect.poll(texts).toEqual(['first', 'Owner joined the chat', 'second', 'third']);
    expect(store.getState().threads[message.chatId]!.messages.map((m) => m.chatSeq)).toEqual([1, 2, 3, 4]);
    expect(agentSocket.syncs).toHaveLength(1);
  });
});
