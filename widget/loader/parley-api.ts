import type { ChatWidget } from './chat-widget.ts';

/** `window.Parley(command, ...args)`; `q` holds the calls the snippet queued before load. */
export interface ParleyGlobal {
  (command: string, ...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
}

/** Replaces the snippet's queueing stub with the real API and runs what it queued, in order. */
export function installParleyApi(win: Window, widget: ChatWidget): ParleyGlobal {
  const commands: Record<string, () => void> = {
    open: widget.open,
    close: widget.close,
    toggle: widget.toggle,
  };
  const parley: ParleyGlobal = (command: string) => {
    const run = commands[command];
    if (run) run();
    else console.warn(`Parley: unknown command "${String(command)}"`);
  };
  parley.loaded = true;
  const queued = win.Parley?.q ?? [];
  win.Parley = parley;
  for (const call of queued) parley(...(Array.from(call) as [string, ...unknown[]]));
  return parley;
}
