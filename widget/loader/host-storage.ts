import { FRAME_STORAGE_KEYS, FRAME_STORAGE_MAX_CHARS } from '../frame-messages.ts';

/** The chat window's saved values kept on the host page (see FRAME_STORAGE_KEYS). */
export function readFrameValues(win: Window): Record<string, string> {
  const saved: Record<string, string> = {};
  try {
    for (const key of FRAME_STORAGE_KEYS) {
      const value = win.localStorage.getItem(key);
      if (value !== null) saved[key] = value;
    }
  } catch {
    // Storage off on the host page too: the chat lasts as long as the page.
  }
  return saved;
}

/** Stores only the window's own keys, and nothing oversized: the frame can't fill the host's storage. */
export function writeFrameValue(win: Window, key: unknown, value: unknown): void {
  if (typeof key !== 'string' || !FRAME_STORAGE_KEYS.includes(key)) return;
  try {
    if (value === null) win.localStorage.removeItem(key);
    else if (typeof value === 'string' && value.length <= FRAME_STORAGE_MAX_CHARS) win.localStorage.setItem(key, value);
  } catch {
    // Quota or storage off: the same as a browser that keeps nothing.
  }
}
