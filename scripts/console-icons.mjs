// Draws the console's app icons (agent-console/public/icons/*.png) with Chromium: the same
// "P" mark as the favicon. Run again only when the mark changes; the PNGs are committed.
//   node scripts/console-icons.mjs
import { chromium } from 'playwright-core';

const out = new URL('../agent-console/public/icons/', import.meta.url);
// A maskable icon keeps its mark inside the middle 80 %: launchers cut the rest to their shape.
const icons = [
  { file: 'icon-192.png', size: 192, radius: 0.22, mark: 0.62 },
  { file: 'icon-512.png', size: 512, radius: 0.22, mark: 0.62 },
  { file: 'icon-maskable-512.png', size: 512, radius: 0, mark: 0.45 },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage();
for (const icon of icons) {
  await page.setViewportSize({ width: icon.size, height: icon.size });
  await page.setContent(`<!doctype html><body style="margin:0;background:transparent">
    <div style="width:${icon.size}px;height:${icon.size}px;border-radius:${icon.radius * icon.size}px;background:#2457d6;
      display:grid;place-items:center;color:#fff;font:700 ${icon.mark * icon.size}px system-ui,sans-serif">P</div></body>`);
  await page.screenshot({ path: new URL(icon.file, out).pathname, omitBackground: true });
}
await browser.close();
