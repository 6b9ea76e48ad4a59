import { describe, expect, it, vi } from 'vitest';
import { connectHostBridge, hostOriginFrom } from './host-bridge.ts';

const HOST = 'https://shop.example';

/** The iframe's window with a parent page at HOST; `deliver` is how the page posts to it. */
function framedWindow(search = `?host=${encodeURIComponent(HOST)}`) {
  const listeners: Record<string, ((event: any) => void)[]> = {};
  const parent = { postMessage: vi.fn() };
  const win = {
    location: { search },
    parent,
    innerHeight: 560,
    addEventListener: (type: string, listener: (event: any) => void) => (listeners[type] ??= []).push(listener),
  };
  const deliver = (data: unknown, origin = HOST, source: unknown = parent) =>
    listeners.message?.forEach((l) => l({ data, origin, source } as MessageEvent));
  /** The loader resized the frame. */
  const resize = (height: number) => {
    win.innerHeight = height;
    listeners.resize?.forEach((l) => l({}));
  };
  const posted = () => parent.postMessage.mock.calls.map(([message, origin]) => (expect(origin).toBe(HOST), message));
  return { win: win as unknown as Window, parent, deliver, resize, posted };
}

const LABELS = { open: 'Открыть чат', close: 'Закрыть чат', frame: 'Окно чата', badge: '' };

describe('connectHostBridge', () => {
  it('announces itself and reports to the host origin only, never to "*"', () => {
    const { win, posted } = framedWindow();
    const bridge = connectHostBridge(win, { wantsStorage: true });
    bridge.setLauncher({ ...LABELS, badge: '2' });
    bridge.requestClose();
    bridge.requestOpen();
    bridge.saveOnHost('parley.visitorToken', 'tok_1');
    bridge.emit('message', { text: 'hi' });
    expect(posted()).toEqual([
      { parley: 1, type: 'ready', wantsStorage: true },
      { parley: 1, type: 'look', ...LABELS, badge: '2', teaserHeight: 0, title: null },
      { parley: 1, type: 'close' },
      { parley: 1, type: 'open' },
      { parley: 1, type: 'store', key: 'parley.visitorToken', value: 'tok_1' },
      { parley: 1, type: 'event', name: 'message', detail: { text: 'hi' } },
    ]);
  });

  it('follows open and close from the host page and ignores everyone else', () => {
    const { win, deliver } = framedWindow();
    const bridge = connectHostBridge(win);
    const seen: boolean[] = [];
    bridge.onOpenChange((open) => seen.push(open));
    expect(bridge.isOpen()).toBe(false);
    deliver({ parley: 1, type: 'open' }, 'https://evil.example');
    deliver({ parley: 1, type: 'open' }, HOST, {});
    deliver({ type: 'open' });
    expect(bridge.isOpen()).toBe(false);
    deliver({ parley: 1, type: 'open' });
    deliver({ parley: 1, type: 'open' });
    deliver({ parley: 1, type: 'close' });
    expect(seen).toEqual([true, false]);
  });

  it('passes on the page, options, saved values and early calls the host sends, as plain data', async () => {
    const { win, deliver } = framedWindow();
    const bridge = connectHostBridge(win);
    deliver({
      parley: 1,
      type: 'hello',
      page: { url: 'https://shop.example/a', title: 7, referrer: 'x'.repeat(3000), lang: 'ru' },
      saved: { 'parley.visitorToken': 'tok_1', 'parley.outbox': 5 },
      options: { locale: 'bg', color: {} },
      calls: [['identify', { name: 'Ann' }], 'open'],
    });
    expect(await bridge.hello()).toEqual({
      page: { url: 'https://shop.example/a', title: '', referrer: 'x'.repeat(2000), lang: 'ru' },
      saved: { 'parley.visitorToken': 'tok_1' },
      options: { locale: 'bg' },
      calls: [['identify', { name: 'Ann' }]],
    });
  });

  it('passes on later calls and SPA navigations', () => {
    const { win, deliver } = framedWindow();
    const bridge = connectHostBridge(win);
    const calls: unknown[] = [];
    const pages: unknown[] = [];
    bridge.onCall((call) => calls.push(call));
    bridge.onPage((page) => pages.push(page));
    deliver({ parley: 1, type: 'call', call: ['locale', 'ru'] });
    deliver({ parley: 1, type: 'call', call: 'locale' });
    deliver({ parley: 1, type: 'page', page: { url: 'https://shop.example/b', title: 'B', referrer: '', lang: 'en' } });
    deliver({ parley: 1, type: 'call', call: ['open'] }, 'https://evil.example');
    expect(calls).toEqual([['locale', 'ru']]);
    expect(pages).toEqual([{ url: 'https://shop.example/b', title: 'B', referrer: '', lang: 'en' }]);
  });

  it('shows a card or bubble only while closed, a card before a bubble, and hears when it is on screen', () => {
    const { win, deliver, resize, posted } = framedWindow();
    const bridge = connectHostBridge(win);
    const shown = vi.fn();
    bridge.onCardShown(shown);
    const teaser = () => posted().at(-1).teaserHeight;
    bridge.showBubble(90.4);
    expect(teaser()).toBe(91);
    resize(91);
    resize(91);
    expect(shown).toHaveBeenCalledTimes(1);
    // A view that starts listening once its card is on screen hears it at once.
    const late = vi.fn();
    bridge.onCardShown(late);
    expect(late).toHaveBeenCalledTimes(1);
    bridge.showCard(280);
    expect(teaser()).toBe(280);
    deliver({ parley: 1, type: 'open' });
    expect(teaser()).toBe(0);
    resize(560);
    expect(shown).toHaveBeenCalledTimes(1);
    deliver({ parley: 1, type: 'close' });
    expect(teaser()).toBe(280);
    bridge.showCard(0);
    expect(teaser()).toBe(91);
    bridge.showBubble(0);
    expect(teaser()).toBe(0);
  });

  it('follows the site’s hide and show (early and later) and passes on only the calls the loader has not run', async () => {
    const { win, deliver } = framedWindow();
    const bridge = connectHostBridge(win);
    const hidden: boolean[] = [];
    const calls: unknown[] = [];
    bridge.onHiddenChange((h) => hidden.push(h));
    bridge.onCall((call) => calls.push(call));
    deliver({
      parley: 1,
      type: 'hello',
      page: { url: 'https://shop.example/checkout', title: 'Checkout', referrer: '', lang: 'en' },
      saved: null,
      options: {},
      calls: [['on', 'ready', null], ['hide'], ['invite', 'Hi'], ['open'], ['show'], ['hide'], ['toggle'], ['close']],
    });
    expect((await bridge.hello())!.calls).toEqual([['invite', 'Hi']]);
    expect(bridge.isHidden()).toBe(true);
    expect(hidden).toEqual([true, false, true]);
    deliver({ parley: 1, type: 'call', call: ['hide'] });
    expect(hidden).toEqual([true, false, true]);
    deliver({ parley: 1, type: 'call', call: ['show'] });
    deliver({ parley: 1, type: 'call', call: ['conversion', { value: 1 }] });
    expect(bridge.isHidden()).toBe(false);
    expect(hidden).toEqual([true, false, true, false]);
    expect(calls).toEqual([['conversion', { value: 1 }]]);
  });

  it('a card in a hidden widget is not on screen, whatever size the frame has', () => {
    const { win, deliver, resize } = framedWindow();
    const bridge = connectHostBridge(win);
    const shown = vi.fn();
    bridge.onCardShown(shown);
    deliver({ parley: 1, type: 'call', call: ['hide'] });
    bridge.showCard(280);
    resize(280);
    expect(shown).not.toHaveBeenCalled();
    deliver({ parley: 1, type: 'call', call: ['show'] });
    bridge.showCard(281);
    resize(281);
    expect(shown).toHaveBeenCalledTimes(1);
  });

  it('sets the page title only when asked, and keeps the launcher words it was given', () => {
    const { win, posted } = framedWindow();
    const bridge = connectHostBridge(win);
    bridge.setLauncher(LABELS);
    bridge.setPageTitle('(1) Новое сообщение');
    bridge.showBubble(0);
    expect(posted().slice(1).map((m) => [m.open, m.title])).toEqual([
      ['Открыть чат', null],
      ['Открыть чат', '(1) Новое сообщение'],
      ['Открыть чат', null],
    ]);
  });

  it('is open and silent when opened on its own, without a host', async () => {
    const { win, parent } = framedWindow('');
    const bridge = connectHostBridge(win);
    bridge.requestClose();
    bridge.setLauncher(LABELS);
    expect(bridge.isOpen()).toBe(true);
    expect(await bridge.hello()).toBeNull();
    expect(parent.postMessage).not.toHaveBeenCalled();
  });
});

describe('hostOriginFrom', () => {
  it('accepts only a bare http(s) origin', () => {
    expect(hostOriginFrom('?host=https%3A%2F%2Fshop.example')).toBe('https://shop.example');
    expect(hostOriginFrom('?host=http%3A%2F%2Flocalhost%3A3001')).toBe('http://localhost:3001');
    expect(hostOriginFrom('?host=https%3A%2F%2Fshop.example%2Fpath')).toBeNull();
    expect(hostOriginFrom('?host=javascript%3Aalert(1)')).toBeNull();
    expect(hostOriginFrom('?host=*')).toBeNull();
    expect(hostOriginFrom('?host=null')).toBeNull();
    expect(hostOriginFrom('')).toBeNull();
  });
});
