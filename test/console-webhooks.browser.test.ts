import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath } from './helpers/browser.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { startWebhookReceiver } from './helpers/webhook-receiver.ts';
import { consoleBrowserTests, openSettings, poll } from './console-browser-kit.ts';

// Settings → Webhooks in the built console, in Chromium against a real server and a real
// receiver: the secret shown once, recent deliveries with their status, code and bodies, and
// Redeliver sending the same delivery again.

let server: TestServer | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
const kit = consoleBrowserTests(async () => {
  await server?.close(true);
  server = undefined;
  await receiver?.close();
  receiver = undefined;
});

const section = (page: Page) => page.getByRole('region', { name: 'Webhooks', exact: true });

it('adds a webhook, shows its secret once and its deliveries, and redelivers one', async () => {
  server = await startTestServer({ config: { webhooksAllowPrivate: true } });
  receiver = await startWebhookReceiver({ status: (_n, body) => (body.type === 'chat.started' ? 500 : 200) });
  const page = await kit.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await kit.signIn(page, server.url);
  await openSettings(page);
  const webhooks = section(page);
  await webhooks.getByText('No webhooks yet.').waitFor();

  // Refused: the server names the field.
  await webhooks.getByLabel('URL').fill('ftp://example.com/x');
  await webhooks.getByRole('button', { name: 'Add webhook' }).click();
  await webhooks.getByText(/must be an http\(s\) URL/).first().waitFor();

  await webhooks.getByLabel('URL').fill(receiver.url);
  await webhooks.getByRole('checkbox', { name: 'message.created', exact: true }).check();
  await webhooks.getByRole('button', { name: 'Add webhook' }).click();
  const secret = webhooks.getByRole('status').filter({ hasText: 'Copy it now' });
  await secret.waitFor();
  const signingSecret = await secret.getByLabel('The new signing secret').inputValue();
  expect(signingSecret).toMatch(/^whsec_/);
  await secret.getByRole('button', { name: 'Copy secret' }).click();
  await secret.getByText('Copied.').waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(signingSecret);
  await webhooks.getByText('chat.started, message.created, chat.closed').waitFor();

  // A chat: the first delivery fails (500), the retry waits.
  const visitor = await kit.visitorSays(server.url, 'Is the blue kettle in stock?');
  await poll(() => receiver!.received.length).toBeGreaterThanOrEqual(2);
  await webhooks.getByRole('button', { name: 'Recent deliveries' }).click();
  const table = webhooks.getByRole('table', { name: `Recent deliveries to ${receiver.url}` });
  await table.waitFor();
  const rows = table.getByRole('row');
  await poll(() => rows.count()).toBe(3);
  expect(await table.getByRole('row', { name: /chat\.started/ }).textContent()).toMatch(/Retry at .*500/);
  expect(await table.getByRole('row', { name: /message\.created/ }).textContent()).toMatch(/Delivered.*200/);
  await table.getByRole('row', { name: /chat\.started/ }).getByText('Show').click();
  await table.getByText('receiver says 500').waitFor();
  await page.screenshot({ path: screenshotPath('settings-webhooks'), fullPage: false });
  await webhooks.screenshot({ path: screenshotPath('settings-webhooks-section') });

  const delivered = table.getByRole('row', { name: /message\.created/ });
  const deliveryId = receiver.received.find((d) => d.body.type === 'message.created')!.body.id;
  await delivered.getByRole('button', { name: `Redeliver ${deliveryId}` }).click();
  await poll(() => receiver!.received.filter((d) => d.headers['parley-delivery'] === deliveryId).length).toBe(2);
  await poll(() => delivered.textContent()).toMatch(/2 attempts/);

  // The endpoint's state follows its deliveries with no reload: failing once a delivery fails,
  // and the warning gone once a redelivery succeeds.
  const failing = webhooks.getByText(/^Failing since .*: it is turned off after three days\.$/);
  receiver.setStatus(500);
  await delivered.getByRole('button', { name: `Redeliver ${deliveryId}` }).click();
  await failing.waitFor();
  receiver.setStatus(200);
  await delivered.getByRole('button', { name: `Redeliver ${deliveryId}` }).click();
  await poll(() => delivered.textContent()).toMatch(/Delivered.*4 attempts/);
  await failing.waitFor({ state: 'detached' });
  expect((await server.store.column('SELECT failing_since FROM webhook_endpoints'))).toEqual([null]);
  await webhooks.screenshot({ path: screenshotPath('settings-webhooks-recovered') });

  // Change what it hears: only chat.closed from now on.
  await webhooks.getByRole('button', { name: `Change the events of ${receiver.url}` }).click();
  const edit = webhooks.getByRole('form', { name: `Change the events of ${receiver.url}` });
  await edit.getByRole('checkbox', { name: 'chat.started' }).uncheck();
  await edit.getByRole('checkbox', { name: 'message.created', exact: true }).uncheck();
  await edit.getByRole('button', { name: 'Save events' }).click();
  await webhooks.getByRole('listitem').getByText('chat.closed', { exact: true }).waitFor();
  expect((await server.store.column('SELECT event_type FROM webhook_subscriptions'))).toEqual(['chat.closed']);
  visitor.close();
});
