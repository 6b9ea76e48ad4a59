/**
 * What the loader (on the customer's page) and the chat window (in the iframe) say to each
 * other by postMessage. Both sides send with an exact target origin and drop anything whose
 * `event.origin` is not the one they expect; the `parley` tag only keeps other scripts'
 * messages from the same origin apart.
 *
 * The loader's budget is 3 KB gzip, so it stays a relay: it draws the launcher, forwards the
 * site's `Parley(...)` calls and page changes, and does what only the host page can do (resize
 * the frame, set the page title). Everything that needs words, rules or the server happens in
 * the chat window.
 */

/** The page the visitor is on, as the host page sees it (the iframe can't see it itself). */
export interface HostPage {
  url: string;
  title: string;
  referrer: string;
  /** The page's `<html lang>`, for the window's language. */
  lang: string;
}

/** A `Parley(command, ...args)` call the loader forwards: the command, then its arguments. */
export type SiteCall = unknown[];

/**
 * What the chat window keeps between page loads lives under `parley.` keys in the iframe's own
 * storage; only when the browser blocks storage in third-party frames does the loader keep
 * them on the host page's origin instead (else every reload would start a new visitor).
 * The most the loader stores for one key (an outbox of a few long messages fits):
 */
export const FRAME_STORAGE_MAX_CHARS = 256 * 1024;

/** Loader → chat window. */
export type HostToFrame =
  | { parley: 1; type: 'open' }
  | { parley: 1; type: 'close' }
  /**
   * The answer to `ready`. `saved` only when the window asked to store on the host; `options`
   * are the script tag's `data-` attributes; `calls` the site's calls made before the window
   * was ready, in order.
   */
  | { parley: 1; type: 'hello'; page: HostPage; saved: Record<string, string> | null; options: Record<string, string>; calls: SiteCall[] }
  /**
   * A site's call, every one: also those the loader has already run (open, close, toggle, hide,
   * show, on), so the window knows when the site has hidden it.
   */
  | { parley: 1; type: 'call'; call: SiteCall }
  /** The address changed without a page load (an SPA navigation, or a jump within the page). */
  | { parley: 1; type: 'page'; page: HostPage };

/** Chat window → loader. */
export type FrameToHost =
  | { parley: 1; type: 'ready'; wantsStorage: boolean }
  /** Keep (or, with null, forget) one `parley.` value on the host page's origin. */
  | { parley: 1; type: 'store'; key: string; value: string | null }
  /** The visitor asked to open (from an invitation) or close (Esc, minimize) the window. */
  | { parley: 1; type: 'open' }
  | { parley: 1; type: 'close' }
  /** For the site's `Parley('on', name, callback)`. */
  | { parley: 1; type: 'event'; name: string; detail?: unknown }
  | ({ parley: 1; type: 'look' } & HostLook);

/** What the window has the loader show on the host page. */
export interface HostLook {
  /** The launcher's accessible names in the window's language; `open` also says what is unread. */
  open: string;
  close: string;
  /** The iframe's title. */
  frame: string;
  /** The badge on the launcher: the unread count; '' hides it. */
  badge: string;
  /** While closed, show this much of the frame (as wide as the window) for a bubble or card; 0 shows nothing. */
  teaserHeight: number;
  /**
   * The page's title: the window flashes it while the tab is hidden, then puts back the title
   * the page last reported (`hello`, `page`); null leaves it alone.
   */
  title: string | null;
}

export function isParleyMessage<T extends { parley: 1; type: string }>(data: unknown): data is T {
  return typeof data === 'object' && data !== null && (data as { parley?: unknown }).parley === 1 &&
    typeof (data as { type?: unknown }).type === 'string';
}
