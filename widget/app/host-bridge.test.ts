import { describe, expect, it, vi } from 'vitest';
import { connectHostBridge, hostOriginFrom } from './host-bridge.ts';

const HOST = 'https://shop.example';

/** The iframe's window with a parent page at HOST; `deliver` is how the page posts to it. */
function framedWindow(search = `?host=${encodeURIComponent(HOST)}`) {
  const listeners: ((event: MessageEvent) => void)[] = [];
  const parent = { postMessage: vi.fn() };
  const win = {
    location: { search },
    parent,
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.push(listener),
  };
  const deliver = (data: unknown, origin = HOST, source: unknown = parent) =>
    listeners.forEach((l) => l({ data, origin, source } as MessageEvent));
  return { win: win as unknown as Window, parent, deliver };
}

describe('connectHostBridge', () => {
  it('announces itself and reports to the host origin only, never to "*"', () => {
    const { win, parent } = framedWindow();
    const bridge = connectHostBridge(win, { wantsStorage: true });
    bridge.reportUnread(2);
    bridge.requestClose();
    bridge.saveOnHost('parley.visitorToken', 'tok_1');
    expect(parent.postMessage.mock.calls).toEqual([
      [{ parley: 1, type: 'ready', wantsStorage: true }, HOST],
      [{ parley: 1, type: 'unread', count: 2 }, HOST],
      [{ parley: 1, type: 'close' }, HOST],
      [{ parley: 1, type: 'store', key: 'parley.visitorToken', value: 'tok_1' }, HOST],
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

  it('passes on the page and saved values the host sends, as plain strings', async () => {
    const { win, deliver } = framedWindow();
    const bridge = connectHostBridge(win);
    deliver({
      parley: 1,
      type: 'hello',
      page: { url: 'https://shop.example/a', title: 7, referrer: 'x'.repeat(3000) },
      saved: { 'parley.visitorToken': 'tok_1', 'parley.outbox': 5 },
    });
    expect(await bridge.hello()).toEqual({
      page: { url: 'https://shop.example/a', title: '', referrer: 'x'.repeat(2000) },
      saved: { 'parley.visitorToken': 'tok_1' },
    });
  });

  it('is open and silent when opened on its own, without a host', async () => {
    const { win, parent } = framedWindow('');
    const bridge = connectHostBridge(win);
    bridge.requestClose();
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
