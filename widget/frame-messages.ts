/**
 * What the loader (on the customer's page) and the chat window (in the iframe) say to each
 * other by postMessage. Both sides send with an exact target origin and drop anything whose
 * `event.origin` is not the one they expect; the `parley` tag only keeps other scripts'
 * messages from the same origin apart.
 */

/** The page the visitor is on, for the agent (the iframe can't see it itself). */
export interface HostPage {
  url: string;
  title: string;
  referrer: string;
}

/**
 * What the chat window keeps between page loads. It lives in the iframe's own storage; only
 * when the browser blocks storage in third-party frames does the loader keep it on the host
 * page's origin instead (else every reload would start a new visitor).
 */
export const FRAME_STORAGE_KEYS = ['parley.visitorToken', 'parley.outbox'];
/** The most the loader stores for one key (an outbox of a few long messages fits). */
export const FRAME_STORAGE_MAX_CHARS = 256 * 1024;

/** Loader → chat window. */
export type HostToFrame =
  | { parley: 1; type: 'open' }
  | { parley: 1; type: 'close' }
  /** The answer to `ready`; `saved` only when the window asked to store on the host. */
  | { parley: 1; type: 'hello'; page: HostPage; saved: Record<string, string> | null };

/** Chat window → loader. */
export type FrameToHost =
  | { parley: 1; type: 'ready'; wantsStorage: boolean }
  /** Keep (or, with null, forget) one of FRAME_STORAGE_KEYS on the host page's origin. */
  | { parley: 1; type: 'store'; key: string; value: string | null }
  /** The visitor asked to close the window (Esc or the minimize button). */
  | { parley: 1; type: 'close' }
  /** Agent messages the visitor has not seen, for the launcher's badge. */
  | { parley: 1; type: 'unread'; count: number };

export function isParleyMessage<T extends { parley: 1; type: string }>(data: unknown): data is T {
  return typeof data === 'object' && data !== null && (data as { parley?: unknown }).parley === 1 &&
    typeof (data as { type?: unknown }).type === 'string';
}
