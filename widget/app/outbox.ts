import type { KeyValueStore } from './local-store.ts';

export const OUTBOX_KEY = 'parley.outbox';

/** A message the visitor sent that the server has not acknowledged yet. */
export interface PendingMessage {
  /** Client id, kept across retries so the server stores it once. */
  id: string;
  text: string;
  /** Local time it was written, for display until the server's time is known. */
  createdAt: number;
  /** Set when the server refused it (too long, say): it is not retried by itself. */
  error?: string;
}

/** Unacknowledged messages, saved so a reload or a crash doesn't lose what the visitor wrote. */
export class Outbox {
  private items: PendingMessage[];

  constructor(private store: KeyValueStore) {
    this.items = parse(store.get(OUTBOX_KEY));
  }

  list(): PendingMessage[] {
    return this.items;
  }

  add(message: PendingMessage): void {
    this.save([...this.items, message]);
  }

  update(id: string, change: Partial<PendingMessage>): void {
    this.save(this.items.map((m) => (m.id === id ? { ...m, ...change } : m)));
  }

  remove(ids: Iterable<string>): boolean {
    const gone = new Set(ids);
    const kept = this.items.filter((m) => !gone.has(m.id));
    if (kept.length === this.items.length) return false;
    this.save(kept);
    return true;
  }

  private save(items: PendingMessage[]): void {
    this.items = items;
    if (items.length) this.store.set(OUTBOX_KEY, JSON.stringify(items));
    else this.store.remove(OUTBOX_KEY);
  }
}

function parse(raw: string | null): PendingMessage[] {
  if (!raw) return [];
  try {
    const data: unknown = JSON.parse(raw);
    return Array.isArray(data)
      ? data.filter(
          (m): m is PendingMessage =>
            typeof m?.id === 'string' && typeof m.text === 'string' && typeof m.createdAt === 'number',
        )
      : [];
  } catch {
    return [];
  }
}
