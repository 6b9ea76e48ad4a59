import type { ChatSummary } from '../../shared/protocol.ts';

/** One target of a chat's SLA policy as the clock shows it at `now`. */
export interface SlaTarget {
  kind: 'firstResponse' | 'resolution';
  dueAt: number;
  /** 'running': not reached yet; 'met' / 'missed': reached before / after the due time. */
  state: 'running' | 'met' | 'missed';
  /** Time left while running (negative once overdue). */
  leftMs: number;
}

/** The chat's targets, first response then resolution; none when it has no policy. */
export function slaTargets(chat: Pick<ChatSummary, 'sla' | 'closedAt'>, now: number): SlaTarget[] {
  const sla = chat.sla;
  if (!sla) return [];
  const targets: SlaTarget[] = [];
  const target = (kind: SlaTarget['kind'], dueAt: number | null, reachedAt: number | null) => {
    if (dueAt === null) return;
    if (reachedAt !== null) {
      targets.push({ kind, dueAt, state: reachedAt <= dueAt ? 'met' : 'missed', leftMs: dueAt - reachedAt });
    } else if (chat.closedAt !== null) {
      // Closed without a first reply: missed if it was due by then; otherwise the clock just stops.
      if (chat.closedAt > dueAt) targets.push({ kind, dueAt, state: 'missed', leftMs: dueAt - chat.closedAt });
    } else targets.push({ kind, dueAt, state: 'running', leftMs: dueAt - now });
  };
  target('firstResponse', sla.firstResponseDueAt, sla.firstResponseAt);
  target('resolution', sla.resolutionDueAt, chat.closedAt);
  return targets;
}

/** Overdue: running past its due time, or reached too late. */
export function isBreached(target: SlaTarget): boolean {
  return target.state === 'missed' || (target.state === 'running' && target.leftMs < 0);
}
