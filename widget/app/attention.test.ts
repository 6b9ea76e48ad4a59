// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Attention, followUnread, MUTED_KEY, TITLE_FLASH_MS } from './attention.ts';
import { memoryStore } from './local-store.ts';

let hidden = false;
beforeEach(() => {
  vi.useFakeTimers();
  hidden = false;
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => (hidden ? 'hidden' : 'visible'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setup() {
  const store = memoryStore();
  const titles: string[] = [];
  const chime = vi.fn();
  const attention = new Attention({
    store,
    setTitle: (t) => void titles.push(t),
    pageTitle: () => 'Kettle & Co.',
    flashText: (n) => `(${n}) New message`,
    playChime: chime,
  });
  const setHidden = (value: boolean) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  };
  return { store, titles, chime, attention, setHidden };
}

describe('Attention', () => {
  it('chimes for each unread arrival, and flashes the title only while the tab is hidden', () => {
    const { titles, chime, attention, setHidden } = setup();
    attention.agentWrote(1);
    expect(chime).toHaveBeenCalledTimes(1);
    expect(titles).toEqual([]);
    setHidden(true);
    attention.agentWrote(1);
    attention.agentWrote(2);
    vi.advanceTimersByTime(TITLE_FLASH_MS * 2);
    expect(titles).toEqual(['(1) New message', 'Kettle & Co.', '(3) New message']);
    setHidden(false);
    expect(titles.at(-1)).toBe('Kettle & Co.');
    const before = titles.length;
    vi.advanceTimersByTime(TITLE_FLASH_MS * 3);
    expect(titles.length).toBe(before);
  });

  it('keeps the mute switch, and is silent when muted', () => {
    const { store, chime, attention } = setup();
    const seen: boolean[] = [];
    attention.onMutedChange((m) => seen.push(m));
    attention.setMuted(true);
    attention.agentWrote(1);
    expect(chime).not.toHaveBeenCalled();
    expect(store.get(MUTED_KEY)).toBe('1');
    const again = new Attention({ store, setTitle: () => {}, pageTitle: () => '', flashText: () => '', playChime: chime });
    expect(again.muted).toBe(true);
    attention.setMuted(false);
    expect(store.get(MUTED_KEY)).toBeNull();
    expect(seen).toEqual([true, false]);
  });

  it('follows the unread count: more calls for attention, back to zero stops the flashing', () => {
    const { titles, chime, attention, setHidden } = setup();
    let listener: (s: { unread: number }) => void = () => {};
    followUnread({ state: { unread: 0 }, subscribe: (l) => ((listener = l), () => {}) }, attention);
    setHidden(true);
    listener({ unread: 2 });
    expect(chime).toHaveBeenCalledTimes(1);
    expect(titles).toEqual(['(2) New message']);
    listener({ unread: 2 });
    listener({ unread: 0 });
    expect(titles.at(-1)).toBe('Kettle & Co.');
  });
});
