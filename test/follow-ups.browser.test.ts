import type { Server } from 'node:http';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { startDemoSite } from '../server/demo-site.ts';
import { writeSettings } from '../server/store/settings.ts';
import { screenshotPath } from './helpers/browser.ts';
import { connectAgent, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { consoleBrowserTests, poll } from './console-browser-kit.ts';

/**
 * The follow-up flow of issue 13 in real browsers: a visitor rates 1 in the widget on a
 * customer's site, the chat's agent sees the follow-up appear in the console (the nav count
 * live), reads it and marks it done with a note.
 */
let server: TestServer | undefined;
let demo: { server: Server; port: number } | undefined;
let agentSocket: TestClient | undefined;
const kit = consoleBrowserTests(async () => {
  agentSocket?.close();
  demo?.server.close();
  await server?.close(true);
});

async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[src*="/widget/"]', { state: 'attached' });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the widget iframe has no frame');
  return frame;
}

describe('survey follow-ups in the console', () => {
  it('rate 1 in the widget → the follow-up appears for the agent, live → done with a note', { timeout: 120_000 }, async () => {
    server = await startTestServer();
    demo = await startDemoSite(0, server.url, '127.0.0.1');
    await writeSettings(server.store, { allowedOrigins: [`http://localhost:${demo.port}`] });
    const annaToken = await createAgentAccount(server.url, server.store, { name: 'Anna Ivanova', email: 'anna@example.com' });

    const console = await kit.newPage();
    await kit.signIn(console, server.url, 'anna@example.com', 'agent-password');
    const nav = console.getByRole('navigation', { name: 'Console' });
    const followUpsLink = nav.getByRole('link', { name: /Follow-ups/ });
    await followUpsLink.waitFor();
    expect(await nav.getByLabel('1 open').count()).toBe(0);

    // The visitor chats on the customer's site; Anna answers and closes (over her own socket).
    const site = await kit.newPage({ locale: 'en-US', reducedMotion: 'reduce' });
    await site.goto(`http://localhost:${demo.port}/`);
    await site.getByRole('button', { name: 'Open chat' }).click();
    const widget = await widgetFrame(site);
    const box = widget.getByRole('textbox', { name: 'Message' });
    await box.fill('My parcel arrived broken');
    await box.press('Enter');
    agentSocket = await connectAgent(server.url, annaToken);
    const latestChat = async () => ((await server!.store.value('SELECT id FROM chats ORDER BY started_at DESC LIMIT 1')) as string | undefined) ?? null;
    await poll(latestChat).not.toBeNull();
    const chatId = (await latestChat())!;
    expect((await agentSocket.call('chat:accept', { chatId })).ok).toBe(true);
    expect((await agentSocket.call('message:send', { chatId, id: newId('m_'), text: 'Sorry to hear that. Let me check.' })).ok).toBe(true);
    await widget.getByText('Sorry to hear that. Let me check.').waitFor();
    expect((await agentSocket.call('chat:close', { chatId })).ok).toBe(true);

    const csat = widget.getByRole('group', { name: 'How satisfied are you with the support you received?' });
    await csat.waitFor();
    await csat.getByRole('radio', { name: '1', exact: true }).check();
    await csat.getByRole('textbox', { name: 'Comment' }).fill('Nobody offered a replacement.');
    await csat.getByRole('button', { name: 'Submit' }).click();
    await widget.getByText('Your answer: 1 of 5').waitFor();
    await site.screenshot({ path: screenshotPath('follow-ups-widget-rated-1') });

    // Live: the count in Anna's top bar, without a reload.
    await nav.getByLabel('1 open').waitFor();
    await followUpsLink.click();
    await console.getByRole('heading', { level: 1, name: 'Follow-ups' }).waitFor();
    const card = console.getByRole('listitem', { name: /Follow-up: CSAT 1 of 5/ });
    await card.waitFor();
    await card.getByText('Nobody offered a replacement.').waitFor();
    expect(await card.getByText('For Anna Ivanova').count()).toBe(1);
    // The anonymous visitor is named as the inbox names them.
    const visitorId = (await server!.store.value<string>('SELECT visitor_id FROM chats WHERE id = ?', [chatId]))!;
    const visitorName = `Visitor ${visitorId.slice(-4).toUpperCase()}`;
    expect(await card.locator('.follow-up-head strong').textContent()).toBe(visitorName);
    await console.screenshot({ path: screenshotPath('follow-ups-console-open') });

    // The chat itself, read-only.
    await card.getByRole('button', { name: /Chat of/ }).click();
    const transcript = console.getByRole('dialog');
    await transcript.getByText('My parcel arrived broken').waitFor();
    await poll(() => transcript.locator('.rating-entry').textContent()).toMatch(
      new RegExp(`^${visitorName} rated Satisfaction \\(CSAT\\) 1 / 5 Nobody offered a replacement\\. `),
    );
    expect(await transcript.getByRole('button', { name: 'Delete message' }).count()).toBe(0);
    await console.screenshot({ path: screenshotPath('follow-ups-console-transcript') });
    await transcript.getByRole('button', { name: 'Close' }).click();

    await card.getByRole('button', { name: 'Mark done' }).click();
    await card.getByRole('textbox', { name: 'What did you do?' }).fill('Called the customer, a new parcel goes out today.');
    await console.screenshot({ path: screenshotPath('follow-ups-console-note') });
    await card.getByRole('button', { name: 'Mark done' }).click();
    await poll(() => console.getByRole('listitem', { name: /Follow-up:/ }).count()).toBe(0);
    await poll(() => nav.getByLabel('1 open').count()).toBe(0);
    await console.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Done', exact: true }).click();
    await console.getByText(/Called the customer, a new parcel goes out today\./).waitFor();
    await console.screenshot({ path: screenshotPath('follow-ups-console-done') });

    const row = (await server.store.get('SELECT * FROM survey_follow_ups')) as any;
    expect(row).toMatchObject({ chat_id: chatId, note: 'Called the customer, a new parcel goes out today.' });
    expect(row.done_at).not.toBeNull();
    const owner = await loginToken(server.url);
    const audit = await fetch(`${server.url}/api/audit?action=follow_up.done`, { headers: { authorization: `Bearer ${owner}` } });
    expect(((await audit.json()) as any).entries).toHaveLength(1);
  });
});
