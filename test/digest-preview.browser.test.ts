import { describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { FakeClock } from '../server/clock.ts';
import { setSlaPolicy } from '../server/store/sla-policies.ts';
import { screenshotPath } from './helpers/browser.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { consoleBrowserTests, openSettings } from './console-browser-kit.ts';

/** The digest's preview in Settings (issue 13): what the email will say, before subscribing to it. */
let server: TestServer | undefined;
const sockets: TestClient[] = [];
const kit = consoleBrowserTests(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close(true);
});

describe('email digest preview', () => {
  it('an owner subscribes and previews the digest of yesterday', { timeout: 120_000 }, async () => {
    const clock = new FakeClock(Date.parse('2026-03-03T08:00:00Z'));
    server = await startTestServer({ clock });
    await setSlaPolicy(server.store, { id: 'sla-normal', departmentId: null, priority: 'normal', firstResponseSec: 60, resolutionSec: null });
    const agent = await connectAgent(server.url, await loginToken(server.url));
    const visitor = await connectVisitor(server.url);
    sockets.push(agent, visitor);
    await agent.call('status:set', { status: 'online' });
    await visitor.call('visitor:hello', {});
    await visitor.call('visitor:identify', { name: 'Ivan' });
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Where is my order?' });
    const chatId = sent.message.chatId;
    await agent.call('chat:accept', { chatId });
    clock.advance(200_000);
    await agent.call('message:send', { chatId, id: newId('m_'), text: 'Checking.' });
    await agent.call('chat:close', { chatId });
    const { surveys } = await visitor.waitFor('survey:offer');
    const csat = surveys.find((s: any) => s.kind === 'csat');
    await visitor.call('survey:shown', { surveyId: csat.id });
    await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 2, comment: 'Slow, but polite' });
    clock.set(Date.parse('2026-03-04T09:00:00Z'));

    const page = await kit.newPage();
    await kit.signIn(page, server.url, undefined, undefined, false);
    await openSettings(page);
    const section = page.getByRole('region', { name: 'Email digest' });
    await section.getByRole('combobox', { name: 'How often' }).selectOption('daily');
    await section.getByRole('textbox', { name: 'Time zone' }).fill('UTC');
    await section.getByRole('button', { name: 'Subscribe' }).click();
    await section.getByText('You get the daily digest.').waitFor();
    await section.getByRole('button', { name: 'Preview' }).click();
    await section.getByText('Parley demo shop: daily digest 2026-03-03').waitFor();
    const preview = page.frameLocator('iframe[title="Digest preview"]');
    await preview.getByRole('heading', { name: 'Key figures' }).waitFor();
    await preview.getByText('“Slow, but polite”').waitFor();
    const breach = preview.getByRole('link', { name: /3 Mar 2026/ });
    expect(await breach.getAttribute('href')).toBe(`${server.url}/console/dashboard?from=2026-03-03&to=2026-03-03&tz=UTC&drill=sla.frt.breached`);
    await section.scrollIntoViewIfNeeded();
    await page.locator('.digest-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('digest-preview') });
    const sub = await server.store.get<any>('SELECT frequency, time_zone FROM digest_subscriptions');
    expect(sub).toMatchObject({ frequency: 'daily', time_zone: 'UTC' });
  });
});
