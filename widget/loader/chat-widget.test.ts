// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://shop.example/products/boots", "settings": {"disableJavaScriptFileLoading": true, "handleDisabledFileLoadingAsSuccess": true}}
import nodeConsole from 'node:console';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountChatWidget } from './chat-widget.ts';
import { installParleyApi } from './parley-api.ts';
import { serverOriginOf } from './server-origin.ts';

const SERVER = 'https://chat.example:8443';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  delete window.Parley;
});

function mount() {
  // happy-dom reports, on the console it was created with, that it loads no iframe pages.
  const error = nodeConsole.error;
  vi.spyOn(nodeConsole, 'error').mockImplementation((...args) => {
    if (!String(args[0]).includes('Iframe page loading is disabled')) error(...args);
  });
  const widget = mountChatWidget(SERVER);
  const host = document.querySelector('parley-widget')!;
  const root = host.shadowRoot!;
  const launcher = root.querySelector('button')!;
  const frame = () => root.querySelector('iframe');
  // The frame's window, as the loader sees it across origins: something to post to.
  const frameWindow = { postMessage: vi.fn() };
  vi.spyOn(HTMLIFrameElement.prototype, 'contentWindow', 'get').mockReturnValue(frameWindow as unknown as Window);
  const fromFrame = (data: unknown, origin = SERVER, source: unknown = frameWindow) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
  return { widget, host, root, launcher, frame, frameWindow, fromFrame };
}

describe('chat widget on the host page', () => {
  it('draws a launcher whose name says what it does, and keeps its styles to itself', () => {
    const { host, root, launcher } = mount();
    expect(host.getAttribute('style')).toContain('all:initial!important');
    expect(root.querySelector('style')).toBeTruthy();
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
  });

  it('creates the iframe only when opened (or preloaded), pointing at the server with the host origin', () => {
    const { launcher, frame } = mount();
    expect(frame()).toBeNull();
    launcher.click();
    expect(frame()!.getAttribute('src')).toBe(`${SERVER}/widget/?host=${encodeURIComponent('https://shop.example')}`);
    expect(frame()!.title).toBe('Chat window');
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

  it('talks to the frame only with the exact server origin, after it is ready', () => {
    const { widget, frameWindow, fromFrame } = mount();
    widget.open();
    const post = frameWindow.postMessage;
    widget.close();
    expect(post).not.toHaveBeenCalled();
    fromFrame({ parley: 1, type: 'ready', wantsStorage: false });
    expect(post).toHaveBeenCalledWith(
      { parley: 1, type: 'hello', page: { url: 'https://shop.example/products/boots', title: '', referrer: '' }, saved: null },
      SERVER,
    );
    widget.open();
    expect(post).toHaveBeenLastCalledWith({ parley: 1, type: 'open' }, SERVER);
    expect(post.mock.calls.every(([, origin]) => origin === SERVER)).toBe(true);
  });

  it('ignores messages from any other origin or window', () => {
    const { widget, launcher, fromFrame } = mount();
    widget.open();
    fromFrame({ parley: 1, type: 'close' }, 'https://evil.example');
    fromFrame({ parley: 1, type: 'close' }, SERVER, window);
    fromFrame({ type: 'close' });
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
    fromFrame({ parley: 1, type: 'close' });
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
  });

  it('shows the unread count on the launcher while closed', () => {
    const { widget, root, fromFrame } = mount();
    widget.preload();
    const badge = root.querySelector<HTMLElement>('.badge')!;
    fromFrame({ parley: 1, type: 'unread', count: 3 });
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe('3');
    expect(root.getElementById('parley-unread')!.textContent).toBe('3 unread messages');
    widget.open();
    expect(badge.hidden).toBe(true);
  });

  it("keeps the frame's own values on the host page when the frame can't store them, and nothing else", () => {
    localStorage.clear();
    localStorage.setItem('parley.visitorToken', 'tok_saved');
    localStorage.setItem('shop.cart', 'boots');
    const { widget, frameWindow, fromFrame } = mount();
    widget.preload();
    fromFrame({ parley: 1, type: 'ready', wantsStorage: true });
    expect(frameWindow.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'hello', saved: { 'parley.visitorToken': 'tok_saved' } }),
      SERVER,
    );
    fromFrame({ parley: 1, type: 'store', key: 'parley.outbox', value: '[]' });
    fromFrame({ parley: 1, type: 'store', key: 'shop.cart', value: 'empty' });
    fromFrame({ parley: 1, type: 'store', key: 'parley.visitorToken', value: 'x'.repeat(300 * 1024) });
    fromFrame({ parley: 1, type: 'store', key: 'parley.outbox', value: '[]' }, 'https://evil.example');
    expect(localStorage.getItem('parley.outbox')).toBe('[]');
    expect(localStorage.getItem('shop.cart')).toBe('boots');
    expect(localStorage.getItem('parley.visitorToken')).toBe('tok_saved');
    fromFrame({ parley: 1, type: 'store', key: 'parley.visitorToken', value: null });
    expect(localStorage.getItem('parley.visitorToken')).toBeNull();
  });

  it('closes on Esc from the launcher', () => {
    const { widget, launcher } = mount();
    widget.open();
    launcher.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
  });
});

describe('window.Parley', () => {
  it('runs the calls the snippet queued before load, in order, then runs calls directly', () => {
    const calls: string[] = [];
    const widget = {
      open: () => calls.push('open'),
      close: () => calls.push('close'),
      toggle: () => calls.push('toggle'),
      preload: () => calls.push('preload'),
    };
    const stub = Object.assign(() => {}, { q: [['toggle'], ['close'], ['open']] as unknown as ArrayLike<unknown>[] });
    window.Parley = stub;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    installParleyApi(window, widget);
    expect(calls).toEqual(['toggle', 'close', 'open']);
    window.Parley!('close');
    window.Parley!('fly');
    expect(calls).toEqual(['toggle', 'close', 'open', 'close']);
    expect(warn).toHaveBeenCalledWith('Parley: unknown command "fly"');
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
