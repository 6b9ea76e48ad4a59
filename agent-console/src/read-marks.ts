import { readJson, writeJson } from './local-memory.ts';

// The last message seq an agent has seen, per chat: unread counts survive a reload.
const key = (agentId: string) => `parley.console.lastSeen.${agentId}`;

function isSeqMap(v: unknown): v is Record<string, number> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

export function loadReadMarks(agentId: string): Record<string, number> {
  return readJson(key(agentId), isSeqMap) ?? {};
}

export function saveReadMarks(agentId: string, marks: Record<string, number>): void {
  writeJson(key(agentId), marks);
}
