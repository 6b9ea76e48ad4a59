import type { ChatWidget } from './chat-widget.ts';

/** `window.Parley(command, ...args)`; `q` holds the calls the snippet queued before load. */
export interface ParleyGlobal {
  (command: string, ...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
}

/**
 * Replaces the snippet's queueing stub with the real API and runs what it queued, in order.
 * Showing and opening happen here; every call goes to the chat window too, which checks the
 * others (identify, locale, department, attributes, conversion, invite), answers unknown ones
 * with a console warning, and follows hide and show (a hidden widget shows no survey).
 */
export function installParleyApi(win: Window, widget: ChatWidget): ParleyGlobal {
  const local = widget.commands as unknown as Record<string, (...args: unknown[]) => void>;
  const parley: ParleyGlobal = (command, ...args) => {
    if (Object.hasOwn(local, command)) local[command]!(...args);
    widget.forward([command, ...args]);
  };
  parley.loaded = true;
  const queued = win.Parley?.q ?? [];
  win.Parley = parley;
  for (const call of queued) parley(...(Array.from(call) as [string, ...unknown[]]));
  return parley;
}
