import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newId } from '../shared/ids.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { connectAgent, createAgentAccount } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { api, assertConsoleBuilt, ConsoleBrowserKit, poll } from './console-browser-kit.ts';

// An agent's working day in the built console (issue 5), in Chromium against a real server:
// canned replies, tags, transfers between two agents in two browser contexts, internal notes,
// priority and SLA clock, auto-away, shortcuts, notifications, the visitor's history and ratings.

let browser: Browser;
let server: TestServer | undefined;
const kit = new ConsoleBrowserKit(() => browser);

beforeAll(async () => {
  assertConsoleBuilt();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  expect(kit.finish()).toEqual([]);
  await server?.close(true);
  server = undefined;
});

/** The owner's console with one accepted chat from a named visitor. */
async function ownerWithChat(text = 'Hello, I have a question about my invoice', name = 'Ann') {
  const page = await kit.newPage();
  await kit.signIn(page, server!.url);
  const visitor = await kit.visitorSays(server!.url, text, { locale: 'en-GB', timeZone: 'Europe/London' }, name);
  const item = page.getByRole('listitem', { name });
  await item.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
  return { page, visitor };
}

const cannedIdOf = (messageId: string) =>
  server!.db.prepare('SELECT canned_id FROM messages WHERE id = ?').pluck().get(messageId) as string | null;

describe('agent console: a working day', () => {
  it('canned replies: "/" opens a listbox, arrows move, Enter inserts with variables filled; an edited insert keeps its cannedId', async () => {
    server = await startTestServer({ config: { siteName: 'Kettle World' } });
    const token = await loginToken(server.url);
    const hello = await api(server.url, token, '/canned', {
      method: 'POST',
      body: { shortcut: 'hello', text: 'Hello {visitor.name}, I am {agent.name} from {site}.' },
    });
    const help = await api(server.url, token, '/canned', { method: 'POST', body: { shortcut: 'help', text: 'How can I help?' } });
    await api(server.url, token, '/canned', { method: 'POST', body: { shortcut: 'bye', text: 'Have a nice day!' } });
    const { page, visitor } = await ownerWithChat();

    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.pressSequentially('/he');
    const list = page.getByRole('listbox', { name: 'Canned replies' });
    await list.waitFor();
    await poll(() => list.getByRole('option').allTextContents()).toEqual([
      '/helloHello Ann, I am Owner from Kettle World.',
      '/helpHow can I help?',
    ]);
    await poll(() => list.getByRole('option', { selected: true }).textContent()).toContain('/hello');
    await page.screenshot({ path: screenshotPath('workday-canned-autocomplete') });
    await reply.press('ArrowDown');
    await poll(() => list.getByRole('option', { selected: true }).textContent()).toContain('/help');
    await reply.press('ArrowUp');
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toBe('Hello Ann, I am Owner from Kettle World.');
    expect(await list.count()).toBe(0);
    // Edited after the insert: still a canned reply for the metrics.
    await reply.press('End');
    await reply.pressSequentially(' One moment please.');
    await page.getByText('Canned reply', { exact: true }).waitFor();
    await reply.press('Enter');
    const first = await visitor.waitFor('message:new', (m) => m.author === 'agent');
    expect(first.text).toBe('Hello Ann, I am Owner from Kettle World. One moment please.');
    expect(first.cannedId).toBe(hello.body.canned.id);
    expect(cannedIdOf(first.id)).toBe(hello.body.canned.id);

    // Tab inserts too; a typed reply records no canned reply.
    await reply.pressSequentially('/hel');
    await list.waitFor();
    await reply.press('ArrowDown');
    await reply.press('Tab');
    await poll(() => reply.inputValue()).toBe('How can I help?');
    await reply.fill('');
    await reply.pressSequentially('Typed by hand');
    await reply.press('Enter');
    const typed = await visitor.waitFor('message:new', (m) => m.text === 'Typed by hand');
    expect(cannedIdOf(typed.id)).toBeNull();

    // The picker lists them by department; a pick goes where the cursor is.
    await page.getByRole('button', { name: 'Canned replies' }).click();
    const picker = page.getByRole('dialog', { name: 'Canned replies' });
    await picker.getByRole('heading', { name: 'All departments' }).waitFor();
    await page.screenshot({ path: screenshotPath('workday-canned-picker') });
    await picker.getByRole('button', { name: /\/bye/ }).click();
    await poll(() => reply.inputValue()).toBe('Have a nice day!');
    await poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    await reply.press('Enter');
    const bye = await visitor.waitFor('message:new', (m) => m.text === 'Have a nice day!');
    expect(cannedIdOf(bye.id)).not.toBeNull();
    expect(help.status).toBe(201);
    await page.context().close();
  });

  it('a canned insert survives a reload with its cannedId; Escape closes the list and the text stays as typed', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    const hello = await api(server.url, token, '/canned', { method: 'POST', body: { shortcut: 'hello', text: 'Hello there!' } });
    const { page, visitor } = await ownerWithChat();
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.pressSequentially('/hel');
    await reply.press('Escape');
    expect(await page.getByRole('listbox').count()).toBe(0);
    await reply.press('Enter');
    expect((await visitor.waitFor('message:new', (m) => m.author === 'agent')).text).toBe('/hel');

    await reply.pressSequentially('/hello');
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toBe('Hello there!');
    await page.reload();
    await page.getByRole('list', { name: /My chats/ }).getByRole('button').first().click();
    await poll(() => page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Hello there!');
    await page.getByRole('textbox', { name: 'Reply' }).press('Enter');
    const sent = await visitor.waitFor('message:new', (m) => m.text === 'Hello there!');
    expect(cannedIdOf(sent.id)).toBe(hello.body.canned.id);
    await page.context().close();
  });

  it('tags with autocomplete from used tags, removable chips; a required tag is explained before closing', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    await api(server.url, token, '/settings', { method: 'PATCH', body: { requireTagToClose: true } });
    const { page, visitor } = await ownerWithChat();
    // A tag used on an earlier chat is offered.
    const earlier = await kit.visitorSays(server.url, 'Earlier question');
    const owner = await connectAgent(server.url, token);
    kit.visitors.push(owner);
    await owner.call('chat:accept', { chatId: earlier.chatId });
    await owner.call('tag:add', { chatId: earlier.chatId, tag: 'refund' });

    await page.getByRole('button', { name: 'Close chat' }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'Add a tag before closing this chat' });
    await problem.waitFor();
    const tagInput = page.getByRole('textbox', { name: 'Add tag' });
    await poll(() => tagInput.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: screenshotPath('workday-tag-required') });

    await tagInput.pressSequentially('ref');
    const suggestions = page.getByRole('listbox', { name: 'Tag suggestions' });
    await suggestions.getByRole('option', { name: 'refund' }).waitFor();
    await tagInput.press('ArrowDown');
    await tagInput.press('Enter');
    const chips = page.getByRole('list', { name: 'Tags' });
    await poll(() => chips.getByRole('listitem').allTextContents()).toEqual(['refund×']);
    await tagInput.pressSequentially('billing');
    await tagInput.press('Enter');
    await poll(() => chips.getByRole('listitem').allTextContents()).toEqual(['billing×', 'refund×']);
    await page.getByRole('button', { name: 'Remove tag refund' }).click();
    await poll(() => chips.getByRole('listitem').allTextContents()).toEqual(['billing×']);
    expect(await problem.count()).toBe(0);
    await page.screenshot({ path: screenshotPath('workday-tags') });

    await page.getByRole('button', { name: 'Close chat' }).click();
    await page.getByText('This chat is closed.').waitFor();
    await visitor.waitFor('chat:update', (c) => c.status === 'closed');
    expect(server.db.prepare('SELECT tag FROM chat_tags WHERE chat_id = ?').pluck().all(visitor.chatId)).toEqual(['billing']);
    await page.context().close();
  });

  it('transfers a chat with an internal note to another online agent in another browser; the visitor is told, the note stays internal', async () => {
    server = await startTestServer();
    await createAgentAccount(server.url, server.db, { name: 'Bob', email: 'bob@example.com', maxChats: 4 });
    await createAgentAccount(server.url, server.db, { name: 'Carol', email: 'carol@example.com' });
    const bobPage = await kit.newPage();
    await kit.signIn(bobPage, server.url, 'bob@example.com', 'agent-password');
    const { page, visitor } = await ownerWithChat('My kettle arrived broken');
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Sorry to hear that! Let me get our returns expert.');
    await reply.press('Enter');
    await visitor.waitFor('message:new', (m) => m.author === 'agent');

    const note = page.getByRole('textbox', { name: 'Internal note' });
    await note.fill('Order #1234, paid by card');
    await note.press('Enter');
    const log = page.getByRole('log');
    await log.getByRole('note').filter({ hasText: 'Order #1234, paid by card' }).waitFor();
    expect(await note.inputValue()).toBe('');

    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Transfer this chat' });
    await dialog.waitFor();
    const bobOption = dialog.getByRole('option', { name: /^Bob · online · 0 of 4 chats$/ });
    await bobOption.waitFor();
    // Carol is not online: listed, not choosable.
    expect(await dialog.getByRole('option', { name: /^Carol · offline$/ }).isDisabled()).toBe(true);
    await dialog.getByRole('listbox', { name: 'Transfer to' }).selectOption({ label: 'Bob · online · 0 of 4 chats' });
    await dialog.getByRole('textbox', { name: 'Note for the next agent (internal)' }).fill('VIP customer, refund approved');
    await page.screenshot({ path: screenshotPath('workday-transfer-dialog') });
    await dialog.getByRole('button', { name: 'Transfer chat' }).click();
    await dialog.waitFor({ state: 'detached' });

    await visitor.waitFor('message:new', (m) => m.author === 'system' && /transferred the chat to Bob/.test(m.text));
    const update = await visitor.waitFor('chat:update', (c) => c.agent?.name === 'Bob');
    expect(update.status).toBe('active');
    await page.getByText('Bob is handling this chat.').waitFor();
    await log.getByRole('note').filter({ hasText: 'VIP customer, refund approved' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Reply' }).count()).toBe(0);

    // Bob has the chat with its whole history and both notes.
    const bobChats = bobPage.getByRole('list', { name: /My chats/ });
    await bobChats.getByRole('button', { name: /Ann/ }).click();
    const bobLog = bobPage.getByRole('log');
    await bobLog.getByText('My kettle arrived broken').waitFor();
    await bobLog.getByText('Sorry to hear that! Let me get our returns expert.').waitFor();
    await poll(() => bobLog.getByRole('note').allTextContents()).toEqual([
      expect.stringContaining('Order #1234, paid by card'),
      expect.stringContaining('VIP customer, refund approved'),
    ]);
    // A note Bob adds reaches the owner, who still looks at the chat, at once.
    await bobPage.getByRole('textbox', { name: 'Internal note' }).fill('Refund sent');
    await bobPage.getByRole('button', { name: 'Add note' }).click();
    await log.getByRole('note').filter({ hasText: 'Refund sent' }).waitFor();
    await bobPage.getByRole('textbox', { name: 'Reply' }).fill('Hi Ann, Bob here. Your refund is on its way.');
    await bobPage.getByRole('textbox', { name: 'Reply' }).press('Enter');
    expect((await visitor.waitFor('message:new', (m) => m.author === 'agent' && m.authorName === 'Bob')).text).toContain('refund');
    await bobPage.screenshot({ path: screenshotPath('workday-transfer-received') });

    // Notes never reach the visitor.
    const seen = JSON.stringify(visitor.received);
    for (const secret of ['Order #1234', 'VIP customer', 'Refund sent']) expect(seen).not.toContain(secret);
    await page.context().close();
    await bobPage.context().close();
  });

  it('transfers a chat back to a department’s queue', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    await api(server.url, token, '/departments', { method: 'POST', body: { id: 'billing', name: 'Billing' } });
    const { page, visitor } = await ownerWithChat();
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Transfer this chat' });
    await dialog.getByRole('listbox', { name: 'Transfer to' }).selectOption({ label: 'Billing' });
    await dialog.getByRole('button', { name: 'Transfer chat' }).click();
    expect((await visitor.waitFor('chat:update', (c) => c.status === 'queued')).queuePosition).toBe(1);
    await page.getByRole('list', { name: /Queue/ }).getByRole('listitem', { name: 'Ann' }).waitFor();
    await page.getByText('This chat is waiting in the queue. Accept it to reply.').waitFor();
    await page.context().close();
  });
});
