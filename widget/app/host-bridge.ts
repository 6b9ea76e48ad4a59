import { isParleyMessage, type FrameToHost, type HostPage, type HostToFrame } from '../frame-messages.ts';

/** The chat window's side of the postMessage link to the loader on the customer's page. */
export interface HostBridge {
  /** Is the window shown on the page? */
  isOpen(): boolean;
  onOpenChange(listener: (open: boolean) => void): () => void;
  /** The page the visitor is on; null when there is no loader (the window opened on its own). */
  page(): Promise<HostPage | null>;
  requestClose(): void;
  reportUnread(count: number): void;
}

/** How long to wait for the loader to describe the page before saying hello without it. */
const PAGE_WAIT_MS = 1500;

/**
 * Talks only to the origin named by `?host=` in the iframe's URL, and only to the parent
 * window: messages from anyone else are ignored, and nothing is ever posted with '*'.
 */
export function connectHostBridge(win: Window = window): HostBridge {
  const hostOrigin = hostOriginFrom(win.location.search);
  const parent = win.parent !== win && hostOrigin ? win.parent : null;
  let open = !parent;
  const listeners = new Set<(open: boolean) => void>();
  let resolvePage: (page: HostPage | null) => void = () => {};
  const page = new Promise<HostPage | null>((resolve) => (resolvePage = resolve));

  const tellHost = (message: FrameToHost) => parent?.postMessage(message, hostOrigin!);

  if (parent) {
    win.addEventListener('message', (event: MessageEvent) => {
      if (event.origin !== hostOrigin || event.source !== parent) return;
      if (!isParleyMessage<HostToFrame>(event.data)) return;
      const msg = event.data;
      if (msg.type === 'page') resolvePage(cleanPage(msg.page));
      else if ((msg.type === 'open') !== open) {
        open = msg.type === 'open';
        for (const listener of listeners) listener(open);
      }
    });
    setTimeout(() => resolvePage(null), PAGE_WAIT_MS);
    tellHost({ parley: 1, type: 'ready' });
  } else {
    resolvePage(null);
  }

  return {
    isOpen: () => open,
    onOpenChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    page: () => page,
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

function cleanPage(page: unknown): HostPage | null {
  if (typeof page !== 'object' || page === null) return null;
  const { url, title, referrer } = page as Record<string, unknown>;
  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
  return { url: text(url, 2000), title: text(title, 300), referrer: text(referrer, 2000) };
}
