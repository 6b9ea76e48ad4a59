import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newId } from '../shared/ids.ts';
import { screenshotPath } from './helpers/browser.ts';
import { connectAgent, createAgentAccount } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { api, consoleBrowserTests, poll } from './console-browser-kit.ts';

// An agent's working day in the built console (issue 5), in Chromium against a real server:
// canned replies, tags, transfers between two agents in two browser contexts, internal notes,
// priority and SLA clock, auto-away, shortcuts, notifications, the visitor's history and ratings.

let server: TestServer | undefined;
const kit = consoleBrowserTests(async () => {
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
    await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com', maxChats: 4 });
    await createAgentAccount(server.url, server.store, { name: 'Carol', email: 'carol@example.com' });
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
  it('priority select and SLA clock: time left in the header, overdue in red in the queue', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    await api(server.url, token, '/sla-policies', {
      method: 'PUT',
      body: { departmentId: null, priority: 'urgent', firstResponseSec: 600, resolutionSec: 3600 },
    });
    await api(server.url, token, '/sla-policies', {
      method: 'PUT',
      body: { departmentId: null, priority: 'normal', firstResponseSec: 1, resolutionSec: null },
    });
    const { page, visitor } = await ownerWithChat();
    const header = page.locator('.chat-header');
    await header.getByText(/First reply overdue/).waitFor();
    await page.getByRole('combobox', { name: 'Priority' }).selectOption({ label: 'Urgent' });
    await header.getByText(/First reply due in (9m|10m)/).waitFor();
    await header.getByText(/Resolution due in (59m|1h 0m)/).waitFor();
    expect(server.db.prepare('SELECT priority FROM chats WHERE id = ?').pluck().get(visitor.chatId)).toBe('urgent');
    await page.getByRole('list', { name: /My chats/ }).getByText('Urgent').waitFor();

    // A waiting chat past its first-reply target shows it in red in the queue.
    await kit.visitorSays(server.url, 'Anyone there?', {}, 'Ben');
    const waiting = page.getByRole('list', { name: /Queue/ }).getByRole('listitem', { name: 'Ben' });
    const overdue = waiting.locator('.sla-breached');
    await overdue.waitFor();
    expect(await overdue.textContent()).toMatch(/^First reply overdue \d+s$/);
    expect(await overdue.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(180, 35, 24)');
    await page.screenshot({ path: screenshotPath('workday-priority-sla') });

    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Right away.');
    await reply.press('Enter');
    await header.getByText('First reply on time').waitFor();
    await page.context().close();
  });

  it('goes away by itself after the idle minutes, comes back with the mouse, and keeps a status across a reload', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    await api(server.url, token, '/settings', { method: 'PATCH', body: { autoAwayMinutes: 1 } });
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    const status = page.getByRole('combobox', { name: 'Status' });
    const statusOnServer = () =>
      server!.db.prepare('SELECT status FROM agent_status_changes ORDER BY at DESC, rowid DESC LIMIT 1').pluck().get();
    // A minute and more passes without a mouse or key: the page's clock jumps, its timers run on.
    await page.clock.setSystemTime(Date.now() + 61_000);
    await poll(() => status.inputValue()).toBe('away');
    await poll(statusOnServer).toBe('away');
    await page.mouse.move(200, 300);
    await page.mouse.move(220, 320);
    await poll(() => status.inputValue()).toBe('online');
    await poll(statusOnServer).toBe('online');

    await status.selectOption('away');
    await poll(statusOnServer).toBe('away');
    await page.reload();
    await poll(() => page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('away');
    // Chosen by hand: activity does not bring the agent back.
    await page.mouse.move(10, 10);
    await page.mouse.move(30, 40);
    await page.waitForTimeout(300);
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('away');
    await page.context().close();
  });

  it('moves between chats and accepts the next one by keyboard; lists the shortcuts', async () => {
    server = await startTestServer();
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    await kit.visitorSays(server.url, 'First in line', {}, 'Ann');
    await kit.visitorSays(server.url, 'Second in line', {}, 'Ben');
    const queue = page.getByRole('list', { name: /Queue/ });
    await poll(() => queue.getByRole('listitem').count()).toBe(2);
    const title = page.locator('#chat-title');

    await page.keyboard.press('Alt+A');
    await poll(() => title.textContent()).toBe('Ann');
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    // Shortcuts work while typing in the reply box.
    await reply.pressSequentially('Draft for Ann');
    await page.keyboard.press('Alt+A');
    await poll(() => title.textContent()).toBe('Ben');
    await poll(() => page.getByRole('list', { name: /My chats/ }).getByRole('listitem').count()).toBe(2);
    await page.keyboard.press('Alt+ArrowUp');
    await poll(() => title.textContent()).toBe('Ann');
    await poll(() => page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Draft for Ann');
    await page.keyboard.press('Alt+ArrowDown');
    await poll(() => title.textContent()).toBe('Ben');
    await page.keyboard.press('Alt+ArrowDown');
    await poll(() => title.textContent()).toBe('Ann');
    await page.keyboard.press('Alt+N');
    await poll(() => page.getByRole('textbox', { name: 'Internal note' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Alt+T');
    await poll(() => page.getByRole('textbox', { name: 'Add tag' }).evaluate((el) => el === document.activeElement)).toBe(true);

    // Alt+N pressed the moment the next chat is drawn, before the page's effects have run: the
    // newly drawn reply box must not take the cursor back from the note afterwards.
    const focused = await page.evaluate(async () => {
      const press = (code: string, key: string) =>
        document.body.dispatchEvent(
          new KeyboardEvent('keydown', { code, key, altKey: true, bubbles: true, cancelable: true }),
        );
      const before = document.querySelector('#chat-title')?.textContent;
      press('ArrowDown', 'ArrowDown');
      for (let i = 0; i < 500 && document.querySelector('#chat-title')?.textContent === before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      press('KeyN', 'n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      return [document.querySelector('#chat-title')?.textContent, document.activeElement?.getAttribute('aria-label')];
    });
    expect(focused).toEqual(['Ben', 'Internal note']);
    await poll(() => title.textContent()).toBe('Ben');

    await page.keyboard.press('Alt+Slash');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Accept the next waiting chat');
    await page.screenshot({ path: screenshotPath('workday-shortcuts') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await help.waitFor();
    await help.getByRole('button', { name: 'Close' }).click();
    await help.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('while the tab is hidden: a desktop notification (asked on a click) for a new chat and a new message, and the count in the title', async () => {
    server = await startTestServer();
    const page = await kit.newPage();
    // The browser's notifications, recorded: headless Chromium shows none.
    await page.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      (window as any).shownNotifications = shown;
      class RecordedNotification {
        static permission: NotificationPermission = 'default';
        static async requestPermission() {
          RecordedNotification.permission = 'granted';
          return 'granted' as const;
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, body: options?.body ?? '' });
        }
        close() {}
      }
      (window as any).Notification = RecordedNotification;
    });
    await kit.signIn(page, server.url);
    const visitor = await kit.visitorSays(server.url, 'Hello?', {}, 'Ann');
    await page.getByRole('listitem', { name: 'Ann' }).getByRole('button', { name: 'Accept' }).click();
    const desktop = page.getByRole('checkbox', { name: 'Desktop notifications' });
    await desktop.check();
    await poll(() => desktop.isChecked()).toBe(true);

    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { get: () => 'hidden', configurable: true });
      document.hasFocus = () => false;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await visitor.call('message:send', { id: newId('m_'), text: 'Are you still there?' });
    await kit.visitorSays(server.url, 'I need a quote for 40 kettles', {}, 'Ben');
    const shown = () => page.evaluate(() => (window as any).shownNotifications);
    await poll(shown).toEqual([
      { title: 'Ann', body: 'Are you still there?' },
      { title: 'New chat from Ben', body: 'I need a quote for 40 kettles' },
    ]);
    await poll(() => page.title()).toBe('(1) Parley');
    await page.context().close();
  });

  it('shows the visitor’s pages, earlier chats with transcripts and ratings, and this chat’s rating when it comes', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    const agent = await connectAgent(server.url, token);
    kit.visitors.push(agent);
    const visitor = await kit.visitorSays(server.url, 'Where is my parcel?', {
      locale: 'bg-BG',
      timeZone: 'Europe/Sofia',
      page: { url: 'https://shop.example/', title: 'Kettle World' },
    }, 'Ann');
    for (const [url, title] of [
      ['https://shop.example/kettles', 'All kettles'],
      ['https://shop.example/kettles/blue', 'Blue kettle'],
    ]) {
      expect((await visitor.call('page:view', { id: newId('pv_'), url, title })).ok).toBe(true);
    }
    // An earlier chat, answered and rated.
    await agent.call('chat:accept', { chatId: visitor.chatId });
    await agent.call('message:send', { chatId: visitor.chatId, id: newId('m_'), text: 'It ships tomorrow.' });
    await agent.call('chat:close', { chatId: visitor.chatId });
    const offer = await visitor.waitFor('survey:offer');
    const csat = offer.surveys.find((s: any) => s.kind === 'csat');
    await visitor.call('survey:shown', { surveyId: csat.id });
    await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 4, comment: 'Quick answer' });

    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    const second = await visitor.call('message:send', { id: newId('m_'), text: 'Back again: can I change the colour?' });
    await page.getByRole('listitem', { name: 'Ann' }).getByRole('button', { name: 'Accept' }).click();
    const panel = page.getByRole('complementary', { name: 'Visitor' });
    const pages = panel.getByRole('region', { name: /Pages seen/ });
    await poll(() => pages.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Blue kettle'),
      expect.stringContaining('All kettles'),
    ]);
    const earlier = panel.getByRole('region', { name: /Earlier chats/ });
    await earlier.getByText('CSAT 4 / 5').waitFor();
    expect(await panel.textContent()).toContain('Europe/Sofia');
    await page.screenshot({ path: screenshotPath('workday-visitor-context') });

    await earlier.getByRole('button', { name: /Read the chat of/ }).click();
    const transcript = page.getByRole('dialog', { name: /Chat of/ });
    const log = transcript.getByRole('log', { name: 'Transcript' });
    await log.getByText('It ships tomorrow.').waitFor();
    expect(await log.textContent()).toContain('Where is my parcel?');
    expect(await transcript.textContent()).toContain('Quick answer');
    // Its rating in the log, as every read-only transcript shows it; nothing offers deleting a message.
    await poll(() => log.locator('.rating-entry').textContent()).toContain('rated Satisfaction (CSAT) 4 / 5');
    expect(await transcript.getByRole('button', { name: 'Delete message' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('workday-transcript') });
    await transcript.getByRole('button', { name: 'Close' }).click();
    await transcript.waitFor({ state: 'detached' });
    // Reading an earlier chat changes nothing in the inbox.
    expect(await page.getByRole('list', { name: /Recently closed/ }).count()).toBe(0);

    // This chat is rated after it closes: the rating and comment appear live.
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Yes, any colour until it ships.');
    await reply.press('Enter');
    await page.getByRole('button', { name: 'Close chat' }).click();
    const offer2 = await visitor.waitFor('survey:offer', (o) => o.surveys[0].chatId === second.message.chatId);
    const csat2 = offer2.surveys.find((s: any) => s.kind === 'csat');
    await visitor.call('survey:shown', { surveyId: csat2.id });
    await visitor.call('survey:answer', { surveyId: csat2.id, kind: 'csat', score: 5, comment: 'Great help' });
    const ratings = panel.getByRole('region', { name: 'Ratings of this chat' });
    await ratings.getByText('5 / 5').waitFor();
    await ratings.getByText('Great help').waitFor();
    await page.getByRole('log').getByText(/Ann rated Satisfaction \(CSAT\)/).waitFor();
    await page.screenshot({ path: screenshotPath('workday-rating-arrived') });
    await page.context().close();
  });
});
