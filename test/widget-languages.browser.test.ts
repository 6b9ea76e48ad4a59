import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/** English, Russian and Bulgarian: Parley('locale') first, then the page's lang, then the browser. */
let server: TestServer;
let site: TestSite;
let browser: Browser;

beforeAll(async () => {
  requireBuiltWidget();
  server = await startTestServer();
  site = await startSite();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

async function openIn(path: string, html: string, locale = 'en-US') {
  site.page(path, html);
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(`${site.url}${path}`);
  await widgetReady(page);
  return { context, page };
}

const latestLocale = () => server.db.prepare('SELECT locale FROM visitors ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get();

describe('the widget speaks the visitor’s language', () => {
  it('follows the page’s lang: Russian, launcher and window alike', async () => {
    const { context, page } = await openIn('/ru', sitePage({ server: server.url, lang: 'ru' }));
    const launcher = page.locator('parley-widget .launcher');
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Открыть чат');
    await launcher.click();
    const chat = chatFrame(page);
    // Nobody is online: the offline form, in Russian.
    await chat.getByRole('heading', { name: 'Оставьте нам сообщение' }).waitFor();
    await chat.getByRole('button', { name: 'Отправить сообщение' }).click();
    await chat.getByText('Введите имя.').waitFor();
    expect(await launcher.getAttribute('aria-label')).toBe('Закрыть чат');
    expect(await page.locator('parley-widget iframe').getAttribute('title')).toBe('Окно чата');
    expect(await chat.locator('html').getAttribute('lang')).toBe('ru');
    await page.screenshot({ path: screenshotPath('widget-lang-ru') });
    // The server keeps the language the visitor was served in (the surveys follow it).
    expect(latestLocale()).toBe('ru');
    await context.close();
  });

  it('Parley("locale") wins over the page, and can change while the page is open', async () => {
    const { context, page } = await openIn('/bg', sitePage({ server: server.url, lang: 'ru', before: "Parley('locale', 'bg-BG');" }));
    const launcher = page.locator('parley-widget .launcher');
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Отвори чата');
    await launcher.click();
    await chatFrame(page).getByRole('heading', { name: 'Оставете ни съобщение' }).waitFor();
    await page.screenshot({ path: screenshotPath('widget-lang-bg') });
    expect(latestLocale()).toBe('bg-BG');
    await page.evaluate(() => (window as any).Parley('locale', 'en'));
    await chatFrame(page).getByRole('heading', { name: 'Leave us a message' }).waitFor();
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Close chat');
    await expect.poll(latestLocale).toBe('en');
    await context.close();
  });

  it('without a lang it follows the browser; a language it does not speak falls back to the next, then English', async () => {
    const ru = await openIn('/none', sitePage({ server: server.url }), 'ru-RU');
    await expect.poll(() => ru.page.locator('parley-widget .launcher').getAttribute('aria-label')).toBe('Открыть чат');
    await ru.context.close();

    const bg = await openIn('/de', sitePage({ server: server.url, lang: 'de' }), 'bg-BG');
    await expect.poll(() => bg.page.locator('parley-widget .launcher').getAttribute('aria-label')).toBe('Отвори чата');
    await bg.context.close();

    const en = await openIn('/fr', sitePage({ server: server.url, lang: 'fr' }), 'fr-FR');
    await expect.poll(() => en.page.locator('parley-widget .launcher').getAttribute('aria-label')).toBe('Open chat');
    await en.context.close();
  });
});
