import type { KeyValueStore } from './local-store.ts';

export const VISIT_KEY = 'parley.visit';
/** Pages less than this apart are one visit (the usual web analytics session). */
export const VISIT_GAP_MS = 30 * 60_000;

interface VisitRecord {
  /** When this visit began (this browser's clock). */
  startedAt: number;
  lastSeenAt: number;
  visits: number;
  /** The owner's invitations already shown in this visit: each shows once per visit. */
  shown: string[];
}

/** The visitor's visits to the site, as this browser remembers them (in the frame's storage). */
export class Visit {
  private record: VisitRecord;
  readonly returning: boolean;

  constructor(private store: KeyValueStore, now: number) {
    const saved = parse(store.get(VISIT_KEY));
    const sameVisit = !!saved && now - saved.lastSeenAt < VISIT_GAP_MS;
    this.record = sameVisit ? { ...saved!, lastSeenAt: now } : { startedAt: now, lastSeenAt: now, visits: (saved?.visits ?? 0) + 1, shown: [] };
    this.returning = this.record.visits > 1;
    this.save();
  }

  get startedAt(): number {
    return this.record.startedAt;
  }

  /** Another page of the same visit. */
  touch(now: number): void {
    this.record.lastSeenAt = now;
    this.save();
  }

  wasShown(invitationId: string): boolean {
    return this.record.shown.includes(invitationId);
  }

  markShown(invitationId: string): void {
    if (this.wasShown(invitationId)) return;
    this.record.shown = [...this.record.shown, invitationId];
    this.save();
  }

  private save(): void {
    this.store.set(VISIT_KEY, JSON.stringify(this.record));
  }
}

function parse(raw: string | null): VisitRecord | null {
  try {
    const data = JSON.parse(raw ?? 'null');
    return typeof data?.lastSeenAt === 'number' && typeof data.visits === 'number' && Array.isArray(data.shown)
      ? {
          // A visit saved before this was recorded began no later than its last page.
          startedAt: typeof data.startedAt === 'number' ? data.startedAt : data.lastSeenAt,
          lastSeenAt: data.lastSeenAt,
          visits: data.visits,
          shown: data.shown.filter((s: unknown) => typeof s === 'string'),
        }
      : null;
  } catch {
    return null;
  }
}
