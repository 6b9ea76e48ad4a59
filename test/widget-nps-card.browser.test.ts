import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { writeSettings } from '../server/store/settings.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/**
 * The NPS card beside the rest of what the widget puts by the launcher, in Chromium: an
 * invitation bubble gives way to it, and `Parley('hide')` keeps it (and its "sent") back until
 * `Parley('show')`. A survey counts as sent only once it is on screen (METRICS.md:
 * `surveys.responseRate` = answered / sent).
 */
let server: TestServer;
let site: TestSite;
let browser: Browser;
let agent: TestClient;

beforeAll(async () => {
  requireBuiltWidget();
  server = await startTestServer();
  site = await startSite();
  const owner = await loginToken(server.url);
  // Only the NPS: the post-chat surveys belong to the chat window, not to the launcher.
  const patched = await fetch(`${server.url}/api/surveys/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}` },
    body: JSON.stringify({ npsDelayHours: 0, csatEnabled: false, cesEnabled: false }),
  });
  expect(patched.status).toBe(200);
  agent = await connectAgent(server.url, owner);
  expect((await agent.call('agent:hello', {})).ok).toBe(true);
  // Invitations wait for someone to answer: an agent is online throughout.
  expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
  browser = await launchChromium();
});

beforeEach(() => writeSettings(server.store, { invitations: [] }));

afterAll(async () => {
  agent?.close();
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

/** A visitor whose answered chat has closed: with npsDelayHours 0 the NPS is due at once. */
async function visitorWithDueNps(): Promise<{ token: string; visitorId: string; chatId: string }> {
  const visitor = await connectVisitor(server.url);
  try {
    expect((await visitor.call('visitor:hello', {})).ok).toBe(true);
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Do you roast on Mondays?' });
    const chatId = sent.message.chatId as string;
    expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
    expect((await agent.call('message:send', { chatId, id: newId('msg_'), text: 'Every Monday at six.' })).ok).toBe(true);
    expect((await agent.call('chat:close', { chatId })).ok).toBe(true);
    return { token: visitor.token, visitorId: visitor.visitorId, chatId };
  } finally {
    visitor.close();
  }
}

/**
 * A browser that is that visitor on their next visit: the token is where the window looks for
 * it (the frame's storage, or the site's when this Chromium blocks third-party storage).
 */
async function browserOf(token: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', locale: 'en-US' });
  await context.addInitScript((saved) => {
    try {
      localStorage.setItem('parley.visitorToken', saved);
    } catch {
      // Storage blocked in this frame: the loader hands the site's copy over.
    }
  }, token);
  return context;
}

const npsOf = (chatId: string) =>
  server.db.prepare("SELECT sent_at, answered_at, skipped_at FROM surveys WHERE chat_id = ? AND kind = 'nps'").get(chatId) as {
    sent_at: number | null;
    answered_at: number | null;
    skipped_at: number | null;
  };
const invitationEvents = (visitorId: string) =>
  server.db.prepare('SELECT invitation_id AS invitationId, kind FROM invitation_events WHERE visitor_id = ? ORDER BY at, rowid').all(visitorId);
const npsCard = (page: Page, includeHidden = false) => chatFrame(page).getByRole('group', { name: /How likely are you to recommend/, includeHidden });
const bubble = (page: Page) => chatFrame(page).getByRole('region', { name: /^Message from / });
const frameClass = (page: Page) => page.locator('parley-widget .frame').getAttribute('class');
/**
 * After `Parley('show')` the card measures itself again and the loader resizes and moves the
 * frame: wait until the frame stays put before clicking in it, as a person's hand would.
 */
const frameStill = async (page: Page) => {
  let last = '';
  await expect
    .poll(
      async () => {
        const box = JSON.stringify(await page.locator('parley-widget iframe').boundingBox());
        const still = box === last && box !== 'null';
        last = box;
        return still;
      },
      { interval: 150 },
    )
    .toBe(true);
};
/** The loader fades the frame in: wait until it is fully drawn before taking a picture. */
const frameSettled = (page: Page) =>
  expect
    .poll(() => page.locator('parley-widget').evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.frame')!).opacity))
    .toBe('1');

describe('the NPS card by the launcher', () => {
  it('keeps invitations away while it is due or on screen; once skipped, the owner’s invitation comes', async () => {
    await writeSettings(server.store, {
      invitations: [{ id: 'hello', text: 'Back for more beans? We answer in minutes.', urlPattern: '', afterSeconds: 0, visitors: 'all', enabled: true }],
    });
    site.page('*', sitePage({ server: server.url, title: 'Kettle & Co.' }));
    const { token, visitorId, chatId } = await visitorWithDueNps();
    const context = await browserOf(token);
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/`);
      await widgetReady(page);
      const card = npsCard(page);
      await card.waitFor({ timeout: 15_000 });
      await expect.poll(() => card.isVisible()).toBe(true);
      await expect.poll(() => npsOf(chatId).sent_at).not.toBeNull();
      expect(await frameClass(page)).toBe('frame t');

      // The invitation was due from the first moment: it waits, and counts as nothing yet. The
      // site's own invite is not drawn under (or over) the card either.
      await page.evaluate(() => (window as any).Parley('invite', 'Free shipping over £25 today.'));
      await page.waitForTimeout(1500);
      expect(await bubble(page).count()).toBe(0);
      expect(invitationEvents(visitorId)).toEqual([]);
      await frameSettled(page);
      await page.screenshot({ path: screenshotPath('widget-nps-card-no-invitation') });

      await card.getByRole('button', { name: 'Skip' }).click();
      await bubble(page).getByText('Back for more beans? We answer in minutes.').waitFor();
      await expect.poll(() => invitationEvents(visitorId)).toEqual([{ invitationId: 'hello', kind: 'shown' }]);
      expect(await npsCard(page).count()).toBe(0);
      expect(npsOf(chatId).skipped_at).not.toBeNull();
      await frameSettled(page);
      await page.screenshot({ path: screenshotPath('widget-nps-card-then-invitation') });
    } finally {
      await context.close();
    }
  });

  it('Parley("hide") keeps a due NPS unsent; Parley("show") puts it on screen, and then it is sent', async () => {
    site.page('*', sitePage({ server: server.url, title: 'Checkout', before: "Parley('hide');" }));
    const { token, chatId } = await visitorWithDueNps();
    const context = await browserOf(token);
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/checkout`);
      await widgetReady(page);
      // The card is there, in a widget the site has hidden.
      await npsCard(page, true).waitFor({ state: 'attached', timeout: 15_000 });
      await page.waitForTimeout(1500);
      expect(await page.locator('parley-widget .launcher').isVisible()).toBe(false);
      expect(await page.locator('parley-widget iframe').isVisible()).toBe(false);
      expect(npsOf(chatId).sent_at).toBeNull();

      await page.evaluate(() => (window as any).Parley('show'));
      await expect.poll(() => npsCard(page).isVisible()).toBe(true);
      await expect.poll(() => frameClass(page)).toBe('frame t');
      await expect.poll(() => npsOf(chatId).sent_at).not.toBeNull();
      const frameBox = (await page.locator('parley-widget iframe').boundingBox())!;
      const launcherBox = (await page.locator('parley-widget .launcher').boundingBox())!;
      expect(frameBox.y + frameBox.height).toBeLessThanOrEqual(launcherBox.y);
      await frameSettled(page);
      await page.screenshot({ path: screenshotPath('widget-nps-card-after-show') });

      // Hidden again with the card on screen: it was seen, and an answer given later counts.
      await page.evaluate(() => (window as any).Parley('hide'));
      await expect.poll(() => page.locator('parley-widget .launcher').isVisible()).toBe(false);
      await page.evaluate(() => (window as any).Parley('show'));
      const card = npsCard(page);
      await expect.poll(() => card.isVisible()).toBe(true);
      await frameSettled(page);
      await frameStill(page);
      await card.getByRole('radio', { name: '8', exact: true }).check();
      await card.getByRole('button', { name: 'Submit' }).click();
      await expect.poll(() => npsOf(chatId).answered_at).not.toBeNull();
    } finally {
      await context.close();
    }
  });

  it('Parley("hide") holds the owner’s invitation back; it is shown, and recorded, after Parley("show")', async () => {
    await writeSettings(server.store, {
      invitations: [{ id: 'checkout-help', text: 'Questions about delivery?', urlPattern: '/checkout', afterSeconds: 0, visitors: 'all', enabled: true }],
    });
    site.page('*', sitePage({ server: server.url, title: 'Checkout', before: "Parley('hide');" }));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/checkout`);
      await widgetReady(page);
      const visitorId = server.db.prepare('SELECT id FROM visitors ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get() as string;
      await page.waitForTimeout(1500);
      expect(invitationEvents(visitorId)).toEqual([]);

      await page.evaluate(() => (window as any).Parley('show'));
      await bubble(page).getByText('Questions about delivery?').waitFor();
      await expect.poll(() => bubble(page).isVisible()).toBe(true);
      await expect.poll(() => invitationEvents(visitorId)).toEqual([{ invitationId: 'checkout-help', kind: 'shown' }]);
      await frameSettled(page);
      await page.screenshot({ path: screenshotPath('widget-invitation-after-show') });
    } finally {
      await context.close();
    }
  });
});
