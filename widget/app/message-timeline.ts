import type { MessageView } from '../../shared/protocol.ts';

/**
 * Adds messages to a list kept in server order (seq) without doubles: the same message can
 * arrive from the send ack, from `message:new` and again from a replay after a reconnect.
 * Returns the same array when nothing changed so renders can be skipped.
 */
export function mergeMessages(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const known = new Set(current.map((m) => m.id));
  const fresh = incoming.filter((m) => !known.has(m.id) && (known.add(m.id), true));
  if (!fresh.length) return current;
  return [...current, ...fresh].sort((a, b) => a.seq - b.seq);
}
