/**
 * The chat window's saved values kept on the host page, for browsers that block storage in
 * third-party frames: only keys of the window's own `parley.` namespace, and nothing oversized,
 * so the frame can neither read nor fill the rest of the host's storage.
 */
import { FRAME_STORAGE_MAX_CHARS } from '../frame-messages.ts';

const OWN_KEY = /^parley\.\w+$/;

export function readFrameValues(win: Window): Record<string, string> {
  const saved: Record<string, string> = {};
  try {
    for (const key of Object.keys(win.localStorage)) if (OWN_KEY.test(key)) saved[key] = win.localStorage[key];
  } catch {
    // Storage off on the host page too: the chat lasts as long as the page.
  }
  return saved;
}

export function writeFrameValue(win: Window, key: unknown, value: unknown): void {
  if (!OWN_KEY.test(key as string)) return;
  try {
    if (value === null) win.localStorage.removeItem(key as string);
    else if (typeof value === 'string' && value.length <= FRAME_STORAGE_MAX_CHARS) win.localStorage.setItem(key as string, value);
  } catch {
    // Quota or storage off: the same as a browser that keeps nothing.
  }
}
