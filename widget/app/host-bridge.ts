import { isParleyMessage, type FrameToHost, type HostPage, type HostToFrame } from '../frame-messages.ts';

/** What the loader tells the window when it starts. */
export interface HostHello {
  page: HostPage;
  /** Values the loader keeps for the window on the host page; null unless asked for. */
  saved: Record<string, string> | null;
}

/** The chat window's side of the postMessage link to the loader on the customer's page. */
export interface HostBridge {
  /** Is the window shown on the page? */
  isOpen(): boolean;
  onOpenChange(listener: (open: boolean) => void): () => void;
  /** The loader's hello; null when there is no loader (the window opened on its own) or it is silent. */
  hello(): Promise<HostHello | null>;
  /** Keeps a value on the host page (for browsers that block the frame's own storage). */
  saveOnHost(key: string, value: string | null): void;
  requestClose(): void;
  reportUnread(count: number): void;
}

/** How long to wait for the loader's hello before going on without it. */
const HELLO_WAIT_MS = 1500;

/**
 * Talks only to the origin named by `?host=` in the iframe's URL, and only to the parent
 * window: messages from anyone else are ignored, and nothing is ever posted with '*'.
 */
export function connectHostBridge(win: Window = window, opts: { wantsStorage: boolean } = { wantsStorage: false }): HostBridge {
  const hostOrigin = hostOriginFrom(win.location.search);
  const parent = win.parent !== win && hostOrigin ? win.parent : null;
  let open = !parent;
  const listeners = new Set<(open: boolean) => void>();
  let resolveHello: (hello: HostHello | null) => void = () => {};
  const hello = new Promise<HostHello | null>((resolve) => (resolveHello = resolve));

  const tellHost = (message: FrameToHost) => parent?.postMessage(message, hostOrigin!);

  if (parent) {
    win.addEventListener('message', (event: MessageEvent) => {
      if (event.origin !== hostOrigin || event.source !== parent) return;
      if (!isParleyMessage<HostToFrame>(event.data)) return;
      const msg = event.data;
      if (msg.type === 'hello') resolveHello({ page: cleanPage(msg.page), saved: cleanSaved(msg.saved) });
      else if ((msg.type === 'open') !== open) {
        open = msg.type === 'open';
        for (const listener of listeners) listener(open);
      }
    });
    setTimeout(() => resolveHello(null), HELLO_WAIT_MS);
    tellHost({ parley: 1, type: 'ready', wantsStorage: opts.wantsStorage });
  } else {
    resolveHello(null);
  }

  return {
    isOpen: () => open,
    onOpenChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hello: () => hello,
    saveOnHost: (key, value) => tellHost({ parley: 1, type: 'store', key, value }),
    requestClose: () => tellHost({ parley: 1, type: 'close' }),
    reportUnread: (count) => tellHost({ parley: 1, type: 'unread', count }),
  };
}

/** The `host` parameter, if it is a plain http(s) origin. */
export function hostOriginFrom(search: string): string | null {
  const raw = new URLSearchParams(search).get('host');
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === raw ? raw : null;
  } catch {
    return null;
  }
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

function cleanPage(page: unknown): HostPage {
  const { url, title, referrer } = (typeof page === 'object' && page !== null ? page : {}) as Record<string, unknown>;
  return { url: text(url, 2000), title: text(title, 500), referrer: text(referrer, 2000) };
}

function cleanSaved(saved: unknown): Record<string, string> | null {
  if (typeof saved !== 'object' || saved === null) return null;
  return Object.fromEntries(Object.entries(saved).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
