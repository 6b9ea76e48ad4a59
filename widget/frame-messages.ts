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

/** Loader → chat window. */
export type HostToFrame =
  | { parley: 1; type: 'open' }
  | { parley: 1; type: 'close' }
  /** Sent in answer to `ready`. */
  | { parley: 1; type: 'page'; page: HostPage };

/** Chat window → loader. */
export type FrameToHost =
  | { parley: 1; type: 'ready' }
  /** The visitor asked to close the window (Esc or the minimize button). */
  | { parley: 1; type: 'close' }
  /** Agent messages the visitor has not seen, for the launcher's badge. */
  | { parley: 1; type: 'unread'; count: number };

export function isParleyMessage<T extends { parley: 1; type: string }>(data: unknown): data is T {
  return typeof data === 'object' && data !== null && (data as { parley?: unknown }).parley === 1 &&
    typeof (data as { type?: unknown }).type === 'string';
}
