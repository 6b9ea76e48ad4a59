/**
 * "A reply" and "the first reply", written once (METRICS.md §2) for the server's store, the
 * metrics and the console: a reply is an agent message after the chat's first visitor
 * message; agent messages before it are greetings; system messages are nobody's. A chat's
 * messages are taken in order of `at`, ties in the order they were stored (`seq`).
 */

export type Speaker = 'visitor' | 'agent' | 'system';

export function isReply(author: Speaker, visitorHasSpoken: boolean): boolean {
  return author === 'agent' && visitorHasSpoken;
}

export function inChatOrder(a: { at: number; seq: number }, b: { at: number; seq: number }): number {
  return a.at - b.at || a.seq - b.seq;
}

/** When the first reply came, for messages in chat order; null before one. */
export function firstReplyAt(messages: readonly { author: Speaker; at: number }[]): number | null {
  let visitorHasSpoken = false;
  for (const m of messages) {
    if (isReply(m.author, visitorHasSpoken)) return m.at;
    if (m.author === 'visitor') visitorHasSpoken = true;
  }
  return null;
}

/**
 * The SLA policy of a chat (METRICS.md §1): the policy of its department and priority, failing
 * that the one with no department and its priority, failing that none.
 */
export function slaPolicyFor<P extends { departmentId: string | null; priority: string }>(
  policies: readonly P[],
  departmentId: string | null,
  priority: string,
): P | null {
  let fallback: P | null = null;
  for (const p of policies) {
    if (p.priority !== priority) continue;
    if (departmentId !== null && p.departmentId === departmentId) return p;
    if (p.departmentId === null) fallback = p;
  }
  return fallback;
}
