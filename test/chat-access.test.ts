import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

// Who sees what (README): an agent sees the chats of their departments, the chats without a
// department and every chat they were ever assigned; an agent in no department, admins and
// owners see all. Checked on every socket event, broadcast and REST route, on a real server.

let server: TestServer;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) => apiCall(server.url, token, path, init);

async function agentIn(owner: string, name: string, departments: string[], role: 'agent' | 'admin' = 'agent') {
  const email = `${name.toLowerCase()}@example.com`;
  const token = await createAgentAccount(server.url, server.store, { name, email, role });
  const id = (await server.store.value<string>('SELECT id FROM agents WHERE email = ?', [email]))!;
  if (departments.length) expect((await api(`/agents/${id}`, owner, { method: 'PATCH', body: { departments } })).status).toBe(200);
  return { id, token, socket: track(await connectAgent(server.url, token)) };
}

/** Sales and support; Alice and Erin in sales, Bob in support, Carol in none, Dave an admin. */
async function start() {
  server = await startTestServer();
  const owner = await loginToken(server.url);
  for (const [id, name] of [['sales', 'Sales'], ['support', 'Support']]) {
    expect((await api('/departments', owner, { method: 'POST', body: { id, name } })).status).toBe(201);
  }
  return {
    owner,
    alice: await agentIn(owner, 'Alice', ['sales']),
    erin: await agentIn(owner, 'Erin', ['sales']),
    bob: await agentIn(owner, 'Bob', ['support']),
    carol: await agentIn(owner, 'Carol', []),
    dave: await agentIn(owner, 'Dave', [], 'admin'),
  };
}

async function visitorChat(department?: string) {
  const visitor = track(await connectVisitor(server.url));
  expect((await visitor.call('visitor:hello', department ? { department } : {})).ok).toBe(true);
  const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Hello?' });
  expect(sent.ok).toBe(true);
  return { visitor, chatId: sent.message.chatId as string };
}

/** Whether the agent was told of the chat: an ack comes after anything emitted to it before. */
async function toldOf(agent: TestClient, chatId: string): Promise<boolean> {
  await agent.call('tags:list', {});
  return agent.pushed('chat:upsert').some((c) => c.id === chatId);
}

const queueOf = async (agent: TestClient) => ((await agent.call('agent:hello', {})).inbox.queue as any[]).map((c) => c.id);

describe('an agent of another department', () => {
  it('cannot open, sync, note, tag, accept, hear of or read the ratings of the chat', async () => {
    const { alice, bob, carol, dave } = await start();
    const { visitor, chatId } = await visitorChat('support');
    await bob.socket.waitFor('chat:upsert', (c) => c.id === chatId);
    await carol.socket.waitFor('chat:upsert', (c) => c.id === chatId);
    await dave.socket.waitFor('chat:upsert', (c) => c.id === chatId);
    expect(await toldOf(alice.socket, chatId)).toBe(false);

    expect(await queueOf(alice.socket)).not.toContain(chatId);
    for (const agent of [bob, carol, dave]) expect(await queueOf(agent.socket)).toContain(chatId);

    for (const [event, payload] of [
      ['chat:open', { chatId }],
      ['messages:sync', { chatId, afterSeq: 0 }],
      ['note:add', { chatId, id: newId('note_'), text: 'peeking' }],
      ['tag:add', { chatId, tag: 'peek' }],
      ['chat:accept', { chatId }],
    ] as const) {
      const answer = await alice.socket.call(event, payload);
      expect(answer.ok, event).toBe(false);
      expect(answer.error, event).toMatch(/department you are not in/);
    }
    expect(await server.store.value('SELECT count(*) FROM chat_notes WHERE chat_id = ?', [chatId])).toBe(0);
    expect(await server.store.value('SELECT count(*) FROM assignments WHERE chat_id = ?', [chatId])).toBe(0);

    expect((await api(`/chats/${chatId}/surveys`, alice.token)).status).toBe(403);
    expect((await api(`/chats/${chatId}/surveys`, bob.token)).status).toBe(200);
    expect((await api(`/chats/${chatId}/surveys`, carol.token)).status).toBe(200);

    // Her messages do not reach Alice either: she is in no room that hears the chat.
    const more = await visitor.call('message:send', { id: newId('m_'), text: 'anyone?' });
    await bob.socket.waitFor('chat:upsert', (c) => c.id === chatId && c.lastMessage?.id === more.message.id);
    expect(await toldOf(alice.socket, chatId)).toBe(false);
    for (const agent of [bob, carol, dave]) expect((await agent.socket.call('chat:open', { chatId })).ok).toBe(true);
  });

  it('cannot close the chat once it is closed: the refusal comes before the answer', async () => {
    const { alice } = await start();
    const { visitor, chatId } = await visitorChat('support');
    expect((await visitor.call('chat:end', { chatId })).ok).toBe(true);
    const answer = await alice.socket.call('chat:close', { chatId });
    expect(answer.ok).toBe(false);
    expect(answer.chat).toBeUndefined();
  });
});

describe('what every agent sees', () => {
  it('chats without a department: everyone', async () => {
    const { alice, bob } = await start();
    const { chatId } = await visitorChat();
    for (const agent of [alice, bob]) {
      await agent.socket.waitFor('chat:upsert', (c) => c.id === chatId);
      expect(await queueOf(agent.socket)).toContain(chatId);
      expect((await agent.socket.call('chat:open', { chatId })).ok).toBe(true);
    }
  });

  it('a chat they were assigned stays theirs to read after it was transferred away; the others lose it', async () => {
    const { alice, erin, bob } = await start();
    const { visitor, chatId } = await visitorChat('sales');
    expect((await erin.socket.call('chat:open', { chatId })).ok).toBe(true);
    expect((await alice.socket.call('chat:accept', { chatId })).ok).toBe(true);
    const moved = await alice.socket.call('chat:transfer', { chatId, departmentId: 'support' });
    expect(moved.ok).toBe(true);
    await bob.socket.waitFor('chat:upsert', (c) => c.id === chatId && c.departmentId === 'support');

    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'still there?' });
    await alice.socket.waitFor('message:new', (m) => m.id === sent.message.id);
    await erin.socket.call('tags:list', {});
    expect(erin.socket.pushed('message:new').some((m) => m.id === sent.message.id)).toBe(false);
    expect((await erin.socket.call('chat:open', { chatId })).ok).toBe(false);
    // Erin's console drops it from its lists; Alice (who had it) and Bob (who sees it now) do not.
    expect(erin.socket.pushed('chat:remove')).toEqual([{ chatId }]);
    expect(alice.socket.pushed('chat:remove')).toEqual([]);
    expect(bob.socket.pushed('chat:remove')).toEqual([]);

    const opened = await alice.socket.call('chat:open', { chatId });
    expect(opened.ok).toBe(true);
    expect(opened.chat.messages.map((m: any) => m.text)).toContain('still there?');
    expect((await alice.socket.call('messages:sync', { chatId, afterSeq: 0 })).ok).toBe(true);
    expect((await api(`/chats/${chatId}/surveys`, alice.token)).status).toBe(200);
  });

  it("an admin's change of departments moves the agent's open consoles", async () => {
    const { owner, alice } = await start();
    expect((await api(`/agents/${alice.id}`, owner, { method: 'PATCH', body: { departments: ['support'] } })).status).toBe(200);
    const support = await visitorChat('support');
    await alice.socket.waitFor('chat:upsert', (c) => c.id === support.chatId);
    const sales = await visitorChat('sales');
    expect(await toldOf(alice.socket, sales.chatId)).toBe(false);
    expect((await alice.socket.call('chat:open', { chatId: sales.chatId })).ok).toBe(false);
  });

  it("an agent moved out of a chat's department stops getting the live messages of the chat she had open", async () => {
    const { owner, alice } = await start();
    const sales = await visitorChat('sales');
    expect((await alice.socket.call('chat:open', { chatId: sales.chatId })).ok).toBe(true);
    expect((await api(`/agents/${alice.id}`, owner, { method: 'PATCH', body: { departments: ['support'] } })).status).toBe(200);
    await sales.visitor.call('message:send', { id: newId('m_'), text: 'Still there?' });
    await alice.socket.call('tags:list', {});
    expect(alice.socket.pushed('message:new').filter((m) => m.chatId === sales.chatId)).toEqual([]);
  });
});
