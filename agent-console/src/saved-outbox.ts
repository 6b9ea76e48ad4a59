import { readJson, writeJson } from './local-memory.ts';
import type { OutgoingMessage } from './inbox-state.ts';

// Replies not yet acknowledged survive a reload: they are sent again, with the same ids,
// once the console reconnects.
const key = (agentId: string) => `parley.console.outbox.${agentId}`;

function isOutbox(v: unknown): v is OutgoingMessage[] {
  return (
    Array.isArray(v) &&
    v.every(
      (m) =>
        typeof m === 'object' &&
        m !== null &&
        typeof m.id === 'string' &&
        typeof m.chatId === 'string' &&
        typeof m.text === 'string' &&
        (m.cannedId === undefined || m.cannedId === null || typeof m.cannedId === 'string') &&
        typeof m.createdAt === 'number' &&
        (m.state === 'sending' || m.state === 'failed') &&
        (m.error === null || typeof m.error === 'string'),
    )
  );
}

export function loadOutbox(agentId: string): OutgoingMessage[] {
  // Saved before replies remembered their canned reply: none.
  return (readJson(key(agentId), isOutbox) ?? []).map((m) => ({ ...m, cannedId: m.cannedId ?? null }));
}

export function saveOutbox(agentId: string, outbox: OutgoingMessage[]): void {
  writeJson(key(agentId), outbox);
}
