import {
  isParleyMessage,
  type FrameToHost,
  type HostLook,
  type HostPage,
  type HostToFrame,
  type SiteCall,
} from '../frame-messages.ts';

/** What the loader tells the window when it starts. */
export interface HostHello {
  page: HostPage;
  /** Values the loader keeps for the window on the host page; null unless asked for. */
  saved: Record<string, string> | null;
  /** The script tag's `data-` attributes. */
  options: Record<string, string>;
  /** The site's calls made before the window was ready, in order. */
  calls: SiteCall[];
}

/** The launcher's words and badge; the rest of HostLook is the bridge's own business. */
export type LauncherLabels = Pick<HostLook, 'open' | 'close' | 'frame' | 'badge'>;

/** The chat window's side of the postMessage link to the loader on the customer's page. */
export interface HostBridge {
  /** Is the window shown on the page? */
  isOpen(): boolean;
  onOpenChange(listener: (open: boolean) => void): () => void;
  /** The loader's hello; null when there is no loader (the window opened on its own) or it is silent. */
  hello(): Promise<HostHello | null>;
  /** The site's `Parley(...)` calls after the hello, as they come (not the loader's own). */
  onCall(listener: (call: SiteCall) => void): () => void;
  /** The site has hidden the whole widget (`Parley('hide')`): nothing in it is on screen. */
  isHidden(): boolean;
  onHiddenChange(listener: (hidden: boolean) => void): () => void;
  /** The host page's address changed without a load. */
  onPage(listener: (page: HostPage) => void): () => void;
  /** Keeps a value on the host page (for browsers that block the frame's own storage). */
  saveOnHost(key: string, value: string | null): void;
  requestOpen(): void;
  requestClose(): void;
  setLauncher(labels: LauncherLabels): void;
  /** Sets the host page's title (the window flashes it while the tab is hidden). */
  setPageTitle(title: string): void;
  /** For the site's `Parley('on', name, callback)`. */
  emit(name: string, detail?: unknown): void;
  /**
   * While closed, show the frame as a card of this height above the launcher (the NPS); 0
   * hides it. The card's height wins over a bubble's, though the window never asks for both:
   * an invitation gives way to a due NPS card.
   */
  showCard(height: number): void;
  /**
   * The card (or bubble) is on screen: the loader has sized the frame to it and the site has
   * not hidden the widget; at once if it is already.
   */
  onCardShown(listener: () => void): () => void;
  /** While closed, show the frame as an invitation bubble of this height; 0 hides it. */
  showBubble(height: number): void;
}

/** How long to wait for the loader's hello before going on without it. */
const HELLO_WAIT_MS = 1500;

/** What the loader does itself; it tells the window too, which follows hide and show. */
const LOADER_COMMANDS = ['open', 'close', 'toggle', 'hide', 'show', 'on'];

/**
 * Talks only to the origin named by `?host=` in the iframe's URL, and only to the parent
 * window: messages from anyone else are ignored, and nothing is ever posted with '*'.
 */
export function connectHostBridge(win: Window = window, opts: { wantsStorage: boolean } = { wantsStorage: false }): HostBridge {
  const hostOrigin = hostOriginFrom(win.location.search);
  const parent = win.parent !== win && hostOrigin ? win.parent : null;
  let open = !parent;
  const openListeners = new Set<(open: boolean) => void>();
  const callListeners = new Set<(call: SiteCall) => void>();
  const pageListeners = new Set<(page: HostPage) => void>();
  const shownListeners = new Set<() => void>();
  const hiddenListeners = new Set<(hidden: boolean) => void>();
  let resolveHello: (hello: HostHello | null) => void = () => {};
  const hello = new Promise<HostHello | null>((resolve) => (resolveHello = resolve));
  let labels: LauncherLabels = { open: 'Open chat', close: 'Close chat', frame: 'Chat window', badge: '' };
  let card = 0;
  let bubble = 0;
  let teaserHeight = 0;
  let teaserOnScreen = false;
  let hidden = false;

  const tellHost = (message: FrameToHost) => parent?.postMessage(message, hostOrigin!);
  const listen = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };

  function sendLook(title: string | null): void {
    const height = open ? 0 : card || bubble;
    if (height !== teaserHeight) teaserOnScreen = false;
    teaserHeight = height;
    tellHost({ parley: 1, type: 'look', ...labels, teaserHeight, title });
  }

  // The loader sizes the frame to the card when it gets the look: the frame's own size says so
  // (at most the card's height; less when a short screen caps it). A hidden widget has no size
  // in Chromium; elsewhere it might, and it still shows nothing.
  win.addEventListener('resize', () => {
    if (!teaserHeight || teaserOnScreen || hidden || win.innerHeight <= 0 || win.innerHeight > teaserHeight) return;
    teaserOnScreen = true;
    for (const listener of shownListeners) listener();
  });

  /** Follows the loader's own commands; passes on the site's others. */
  function siteCalls(calls: SiteCall[]): SiteCall[] {
    return calls.filter(([command]) => {
      const hide = command === 'hide';
      if ((hide || command === 'show') && hide !== hidden) {
        hidden = hide;
        for (const listener of hiddenListeners) listener(hidden);
      }
      return !LOADER_COMMANDS.includes(command as string);
    });
  }

  if (parent) {
    win.addEventListener('message', (event: MessageEvent) => {
      if (event.origin !== hostOrigin || event.source !== parent) return;
      if (!isParleyMessage<HostToFrame>(event.data)) return;
      const msg = event.data;
      if (msg.type === 'hello') {
        resolveHello({
          page: cleanPage(msg.page),
          saved: cleanSaved(msg.saved),
          options: cleanOptions(msg.options),
          calls: Array.isArray(msg.calls) ? siteCalls(msg.calls.filter(Array.isArray)) : [],
        });
      } else if (msg.type === 'call') {
        if (Array.isArray(msg.call)) for (const call of siteCalls([msg.call])) for (const listener of callListeners) listener(call);
      } else if (msg.type === 'page') {
        const page = cleanPage(msg.page);
        for (const listener of pageListeners) listener(page);
      } else if ((msg.type === 'open' || msg.type === 'close') && (msg.type === 'open') !== open) {
        open = msg.type === 'open';
        // The loader shows the whole window now, or the card again once it is closed.
        sendLook(null);
        for (const listener of openListeners) listener(open);
      }
    });
    setTimeout(() => resolveHello(null), HELLO_WAIT_MS);
    tellHost({ parley: 1, type: 'ready', wantsStorage: opts.wantsStorage });
  } else {
    resolveHello(null);
  }

  return {
    isOpen: () => open,
    onOpenChange: (listener) => listen(openListeners, listener),
    hello: () => hello,
    onCall: (listener) => listen(callListeners, listener),
    isHidden: () => hidden,
    onHiddenChange: (listener) => listen(hiddenListeners, listener),
    onPage: (listener) => listen(pageListeners, listener),
    saveOnHost: (key, value) => tellHost({ parley: 1, type: 'store', key, value }),
    requestOpen: () => tellHost({ parley: 1, type: 'open' }),
    requestClose: () => tellHost({ parley: 1, type: 'close' }),
    setLauncher(next) {
      labels = { open: next.open, close: next.close, frame: next.frame, badge: next.badge };
      sendLook(null);
    },
    setPageTitle: (title) => sendLook(title),
    emit: (name, detail) => tellHost({ parley: 1, type: 'event', name, detail }),
    showCard(height) {
      card = Math.max(0, Math.ceil(height));
      sendLook(null);
    },
    onCardShown(listener) {
      // A card can be on screen before its view starts listening (effects run after paint).
      if (teaserOnScreen) listener();
      return listen(shownListeners, listener);
    },
    showBubble(height) {
      bubble = Math.max(0, Math.ceil(height));
      sendLook(null);
    },
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
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function cleanPage(page: unknown): HostPage {
  const { url, title, referrer, lang } = record(page);
  return { url: text(url, 2000), title: text(title, 500), referrer: text(referrer, 2000), lang: text(lang, 35) };
}

function cleanSaved(saved: unknown): Record<string, string> | null {
  if (typeof saved !== 'object' || saved === null) return null;
  return Object.fromEntries(Object.entries(saved).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function cleanOptions(options: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record(options))
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([key, value]) => [key, value.slice(0, 300)]),
  );
}
