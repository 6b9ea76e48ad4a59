// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://shop.example/products/boots", "settings": {"disableJavaScriptFileLoading": true, "handleDisabledFileLoadingAsSuccess": true}}
import nodeConsole from 'node:console';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { mountChatWidget, PAGE_SETTLE_MS, type LauncherLook } from './chat-widget.ts';
import { installParleyApi } from './parley-api.ts';
import { serverOriginOf } from './server-origin.ts';

const SERVER = 'https://chat.example:8443';
const LOOK = { open: 'Открыть чат', close: 'Закрыть чат', frame: 'Окно чата', badge: '', teaserHeight: 0, title: null };

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  document.body.innerHTML = '';
  document.documentElement.lang = '';
  delete window.Parley;
});

function mount(options: Record<string, string> = {}, look: LauncherLook = {}) {
  // happy-dom reports, on the console it was created with, that it loads no iframe pages.
  const error = nodeConsole.error;
  vi.spyOn(nodeConsole, 'error').mockImplementation((...args) => {
    if (!String(args[0]).includes('Iframe page loading is disabled')) error(...args);
  });
  const widget = mountChatWidget(SERVER, options, look);
  // Widgets of earlier tests still listen on this window: each test looks only at its own.
  const host = Array.from(document.querySelectorAll('parley-widget')).at(-1) as HTMLElement;
  const root = host.shadowRoot!;
  const launcher = root.querySelector('button')!;
  const frame = () => root.querySelector('iframe');
  const frameBox = root.querySelector<HTMLElement>('.frame')!;
  // Each frame's window, as the loader sees it across origins: something to post to.
  const windows = new WeakMap<HTMLIFrameElement, { postMessage: Mock }>();
  vi.spyOn(HTMLIFrameElement.prototype, 'contentWindow', 'get').mockImplementation(function (this: HTMLIFrameElement) {
    if (!windows.has(this)) windows.set(this, { postMessage: vi.fn() });
    return windows.get(this) as unknown as Window;
  });
  const frameWindow = () => frame()!.contentWindow as unknown as { postMessage: Mock };
  const fromFrame = (data: unknown, origin = SERVER, source: unknown = frameWindow()) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
  const posted = () => (frame() ? frameWindow().postMessage.mock.calls : []).map(([message, origin]) => (expect(origin).toBe(SERVER), message));
  const ready = () => fromFrame({ parley: 1, type: 'ready', wantsStorage: false });
  return { widget, commands: widget.commands, host, root, launcher, frame, frameBox, frameWindow, fromFrame, posted, ready };
}

describe('chat widget on the host page', () => {
  it('draws a launcher whose name says what it does, and keeps its styles to itself', () => {
    const { host, root, launcher } = mount();
    expect(host.getAttribute('style')).toContain('all:initial!important');
    expect(root.querySelector('style')).toBeTruthy();
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
  });

  it("takes the owner's color, side and launcher text; a light color gets dark text", () => {
    const { host, launcher } = mount({}, { color: '#ffd400', position: 'left', launcherText: 'Chat with us' });
    expect(host.style.getPropertyValue('--c')).toBe('#ffd400');
    expect(host.style.getPropertyValue('--f')).toBe('#111');
    expect(host.className).toBe('l');
    expect(launcher.textContent).toBe('Chat with us');
    // The visible text is the launcher's name (WCAG: label in name).
    expect(launcher.getAttribute('aria-label')).toBe('Chat with us');
    const dark = mount({}, { color: '#1e3a8a' });
    expect(dark.host.style.getPropertyValue('--f')).toBe('');
  });

  it('creates the iframe only when opened (or preloaded), pointing at the server with the host origin', () => {
    const { launcher, frame, commands } = mount();
    const opened = vi.fn();
    commands.on('open', opened);
    expect(frame()).toBeNull();
    launcher.click();
    expect(frame()!.getAttribute('src')).toBe(`${SERVER}/widget/?host=${encodeURIComponent('https://shop.example')}`);
    expect(frame()!.title).toBe('Chat window');
    expect(frame()!.allow).toContain('autoplay');
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    launcher.click();
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
  });

  it('preloads without opening', () => {
    const { widget, frame, launcher } = mount();
    widget.preload();
    widget.preload();
    expect(frame()).toBeTruthy();
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
  });

  it('greets the frame once it is ready, with the page, the tag options and the calls made before', () => {
    document.documentElement.lang = 'bg';
    const { widget, commands, posted, ready } = mount({ locale: 'ru', department: 'sales' });
    widget.preload();
    widget.forward(['identify', { id: 'u1', name: 'Ann' }]);
    commands.open();
    commands.close();
    expect(posted()).toEqual([]);
    ready();
    widget.forward(['conversion', { value: 10 }]);
    commands.open();
    expect(posted()).toEqual([
      {
        parley: 1,
        type: 'hello',
        page: { url: 'https://shop.example/products/boots', title: '', referrer: '', lang: 'bg' },
        saved: null,
        options: { locale: 'ru', department: 'sales' },
        calls: [['identify', { id: 'u1', name: 'Ann' }]],
      },
      { parley: 1, type: 'call', call: ['conversion', { value: 10 }] },
      { parley: 1, type: 'open' },
    ]);
  });

  it('forwards only plain data, and says so on the console otherwise', () => {
    const { widget, posted, ready } = mount();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    widget.preload();
    ready();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    widget.forward(['attributes', cycle]);
    widget.forward(['attributes', { plan: 'pro', at: new Date(0), callback: () => 1 }]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(posted().slice(1)).toEqual([{ parley: 1, type: 'call', call: ['attributes', { plan: 'pro', at: '1970-01-01T00:00:00.000Z' }] }]);
  });

  it('ignores messages from any other origin or window', () => {
    const { commands, launcher, fromFrame } = mount();
    commands.open();
    fromFrame({ parley: 1, type: 'close' }, 'https://evil.example');
    fromFrame({ parley: 1, type: 'close' }, SERVER, window);
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
    fromFrame({ parley: 1, type: 'close' });
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    fromFrame({ parley: 1, type: 'open' });
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
  });

  it("puts on the frame's words, badge and page title", () => {
    const { widget, commands, root, launcher, frame, fromFrame } = mount();
    widget.preload();
    const badge = root.querySelector<HTMLElement>('.badge')!;
    fromFrame({ parley: 1, type: 'look', ...LOOK, open: 'Открыть чат, 3 непрочитанных сообщения', badge: '3' });
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe('3');
    expect(launcher.getAttribute('aria-label')).toBe('Открыть чат, 3 непрочитанных сообщения');
    expect(frame()!.title).toBe('Окно чата');
    expect(document.title).toBe('');
    commands.open();
    expect(badge.hidden).toBe(true);
    expect(launcher.getAttribute('aria-label')).toBe('Закрыть чат');
    fromFrame({ parley: 1, type: 'look', ...LOOK, title: '(1) Новое сообщение' });
    expect(document.title).toBe('(1) Новое сообщение');
  });

  it('shows a closed frame as a bubble of the size the frame asks for, never over the open window', () => {
    const { widget, commands, frameBox, fromFrame } = mount();
    widget.preload();
    fromFrame({ parley: 1, type: 'look', ...LOOK, teaserHeight: 120 });
    expect(frameBox.className).toBe('frame t');
    expect(frameBox.style.getPropertyValue('--th')).toBe('120px');
    commands.open();
    expect(frameBox.className).toBe('frame open');
    fromFrame({ parley: 1, type: 'look', ...LOOK, teaserHeight: 120 });
    expect(frameBox.className).toBe('frame open');
    commands.close();
    fromFrame({ parley: 1, type: 'look', ...LOOK });
    expect(frameBox.className).toBe('frame');
  });

  it("keeps the frame's own values on the host page when the frame can't store them, and nothing else", () => {
    localStorage.clear();
    localStorage.setItem('parley.visitorToken', 'tok_saved');
    localStorage.setItem('shop.cart', 'boots');
    const { widget, frameWindow, fromFrame } = mount();
    widget.preload();
    fromFrame({ parley: 1, type: 'ready', wantsStorage: true });
    expect(frameWindow().postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'hello', saved: { 'parley.visitorToken': 'tok_saved' } }),
      SERVER,
    );
    fromFrame({ parley: 1, type: 'store', key: 'parley.outbox', value: '[]' });
    fromFrame({ parley: 1, type: 'store', key: 'shop.cart', value: 'empty' });
    fromFrame({ parley: 1, type: 'store', key: 'parley.visitorToken', value: 'x'.repeat(300 * 1024) });
    fromFrame({ parley: 1, type: 'store', key: 'parley.outbox', value: '[1]' }, 'https://evil.example');
    expect(localStorage.getItem('parley.outbox')).toBe('[]');
    expect(localStorage.getItem('shop.cart')).toBe('boots');
    expect(localStorage.getItem('parley.visitorToken')).toBe('tok_saved');
    fromFrame({ parley: 1, type: 'store', key: 'parley.visitorToken', value: null });
    expect(localStorage.getItem('parley.visitorToken')).toBeNull();
  });

  it('closes on Esc from the launcher', () => {
    const { commands, launcher } = mount();
    commands.open();
    launcher.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
  });

  it('hides and shows the whole widget', () => {
    const { commands, host } = mount();
    commands.hide();
    expect(host.style.getPropertyValue('display')).toBe('none');
    expect(host.style.getPropertyPriority('display')).toBe('important');
    commands.show();
    expect(host.style.getPropertyValue('display')).toBe('inline');
  });

  it("calls the site's callbacks for open, close and the frame's events; a late 'ready' callback runs at once", () => {
    vi.useFakeTimers();
    const { commands, fromFrame, widget } = mount();
    widget.preload();
    const seen: unknown[] = [];
    commands.on('open', () => seen.push('open'));
    commands.on('close', () => seen.push('close'));
    commands.on('message', (detail) => seen.push(detail));
    commands.on('message', () => {
      throw new Error('a broken site callback');
    });
    commands.open();
    commands.close();
    fromFrame({ parley: 1, type: 'event', name: 'message', detail: { text: 'Hello' } });
    fromFrame({ parley: 1, type: 'event', name: 'ready' });
    expect(() => vi.runAllTimers()).toThrow('a broken site callback');
    vi.runAllTimers();
    expect(seen).toEqual(['open', 'close', { text: 'Hello' }]);
    const late = vi.fn();
    commands.on('ready', late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('tells the frame of each new address from the history API or Back, with the title once the page has settled', () => {
    vi.useFakeTimers();
    const { posted, ready, widget } = mount();
    widget.preload();
    ready();
    history.pushState({}, '', '/products/socks');
    document.title = 'Socks';
    vi.advanceTimersByTime(PAGE_SETTLE_MS);
    history.replaceState({ scroll: 10 }, '');
    history.pushState({}, '', '/cart');
    history.pushState({}, '', '/checkout');
    vi.advanceTimersByTime(PAGE_SETTLE_MS);
    const pages = () => posted().filter((m) => m.type === 'page').map((m) => [m.page.url, m.page.title]);
    // Each address once, however quickly they follow each other (a state-only replace is none).
    expect(pages()).toEqual([
      ['https://shop.example/products/socks', 'Socks'],
      ['https://shop.example/cart', 'Socks'],
      ['https://shop.example/checkout', 'Socks'],
    ]);
    // Back: the browser has changed the address, then fires popstate.
    Object.getPrototypeOf(history).replaceState.call(history, {}, '', '/cart');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(PAGE_SETTLE_MS);
    expect(pages().at(-1)).toEqual(['https://shop.example/cart', 'Socks']);
    expect(pages()).toHaveLength(4);
  });
});

describe('window.Parley', () => {
  it('runs the calls the snippet queued before load, in order, then runs calls directly; the window hears of each', () => {
    const calls: unknown[] = [];
    const command = (name: string) => (...args: unknown[]) => void calls.push([name, ...args]);
    const widget = {
      commands: { open: command('open'), close: command('close'), toggle: command('toggle'), show: command('show'), hide: command('hide'), on: command('on') },
      forward: (call: unknown[]) => void calls.push(['forward', ...call]),
      preload: command('preload'),
    };
    const stub = Object.assign(() => {}, { q: [['toggle'], ['identify', { id: 'u1' }], ['open']] as unknown as ArrayLike<unknown>[] });
    window.Parley = stub;
    installParleyApi(window, widget);
    window.Parley!('hide');
    window.Parley!('hasOwnProperty');
    window.Parley!('fly', 1);
    expect(calls).toEqual([
      ['toggle'],
      ['forward', 'toggle'],
      ['forward', 'identify', { id: 'u1' }],
      ['open'],
      ['forward', 'open'],
      ['hide'],
      ['forward', 'hide'],
      ['forward', 'hasOwnProperty'],
      ['forward', 'fly', 1],
    ]);
    expect(window.Parley!.loaded).toBe(true);
  });
});

describe('serverOriginOf', () => {
  it('takes the origin from the script src', () => {
    const script = document.createElement('script');
    script.src = 'https://chat.example:8443/widget.js';
    expect(serverOriginOf(script, document)).toBe(SERVER);
  });

  it('finds the tag when currentScript is not available, and refuses non-http sources', () => {
    document.body.innerHTML = '<script src="http://10.0.0.5:3000/widget.js?v=2"></script>';
    expect(serverOriginOf(null, document)).toBe('http://10.0.0.5:3000');
    document.body.innerHTML = '';
    expect(serverOriginOf(null, document)).toBeNull();
    const script = document.createElement('script');
    script.src = 'data:text/javascript,1';
    expect(serverOriginOf(script, document)).toBeNull();
  });
});
