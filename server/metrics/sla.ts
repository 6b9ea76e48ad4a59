import type { Names } from './blocks.ts';
import { PRIORITIES, type ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';
import type { SlaPolicyRow } from '../store/replies.ts';
import { slaPolicyFor } from '../../shared/replies.ts';

export interface Targets {
  firstResponseSec: number | null;
  resolutionSec: number | null;
}

/**
 * SLA policy of a chat: the `sla` record with the chat's `department` and `priority`; failing
 * that, the one with `department: null` and the chat's priority; failing that, none (the chat
 * is not counted in `sla.*`).
 */
export class SlaPolicies {
  /** By (department code + 1) · 4 + priority; undefined = not looked up yet. */
  private memo: (Targets | null | undefined)[] = [];

  /** policies: the store's `slaPolicies`. */
  constructor(
    private policies: SlaPolicyRow[],
    private names: Names,
  ) {}

  of(departmentCode: number, priority: number): Targets | null {
    const key = (departmentCode + 1) * PRIORITIES.length + priority;
    let targets = this.memo[key];
    if (targets === undefined) {
      const department = departmentCode >= 0 ? this.names.name(departmentCode) : null;
      targets = slaPolicyFor(this.policies, department, PRIORITIES[priority]!);
      this.memo[key] = targets;
    }
    return targets;
  }
}

export enum SlaOutcome {
  Neither = 0,
  Met = 1,
  Breached = 2,
}

/**
 * A chat's first-response outcome under its policy's targets, with `openEnd` = min(`to`, now)
 * of the range it is counted in: the one rule of the figures and of the chats behind them.
 */
export function frtOutcome(targets: Targets, b: ChatBlock, i: number, openEnd: number): SlaOutcome {
  const T = targets.firstResponseSec;
  if (T === null) return SlaOutcome.Neither;
  const start = b.startedAt[i]!;
  if (b.replyCount[i]! > 0) return (b.firstReplyAt[i]! - start) / 1000 <= T ? SlaOutcome.Met : SlaOutcome.Breached;
  const closedAt = b.closedAt[i]!;
  const end = Number.isNaN(closedAt) ? openEnd : closedAt;
  return (end - start) / 1000 > T ? SlaOutcome.Breached : SlaOutcome.Neither;
}

/** A chat's resolution outcome under its policy's targets (as frtOutcome). */
export function resolutionOutcome(targets: Targets, b: ChatBlock, i: number, openEnd: number): SlaOutcome {
  const R = targets.resolutionSec;
  if (R === null) return SlaOutcome.Neither;
  const start = b.startedAt[i]!;
  const closedAt = b.closedAt[i]!;
  const closed = !Number.isNaN(closedAt);
  if (closed && b.replyCount[i]! > 0) return (closedAt - start) / 1000 <= R ? SlaOutcome.Met : SlaOutcome.Breached;
  return !closed && (openEnd - start) / 1000 > R ? SlaOutcome.Breached : SlaOutcome.Neither;
}

/**
 * `sla.frt.met`, `.breached`, `.rate`: chats whose policy has `firstResponseSec` = T: met when
 * `frt` ≤ T; breached when `frt` > T, or when there is no reply and (`closedAt`, or the open end)
 * − start > T; otherwise neither. rate = met / (met + breached).
 * `sla.resolution.*`: with `resolutionSec` = T: met when `resolution` ≤ T; breached when
 * `resolution` > T, or when the chat is open and its open end − start > T; otherwise neither.
 */
export class SlaCompliance {
  private frtMet = 0;
  private frtBreached = 0;
  private resolutionMet = 0;
  private resolutionBreached = 0;

  /** openEnd: min(`to`, now) of the range the chat is counted in. */
  constructor(
    private policies: SlaPolicies,
    private openEnd: number,
  ) {}

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    for (let j = first; j < end; j++) this.addChat(b, rows[j]!);
  }

  private addChat(b: ChatBlock, i: number): void {
    const targets = this.policies.of(b.department[i]!, b.priority[i]!);
    if (!targets) return;
    const frt = frtOutcome(targets, b, i, this.openEnd);
    if (frt === SlaOutcome.Met) this.frtMet++;
    else if (frt === SlaOutcome.Breached) this.frtBreached++;
    const resolution = resolutionOutcome(targets, b, i, this.openEnd);
    if (resolution === SlaOutcome.Met) this.resolutionMet++;
    else if (resolution === SlaOutcome.Breached) this.resolutionBreached++;
  }

  result() {
    return {
      frt: {
        met: this.frtMet,
        breached: this.frtBreached,
        rate: ratio(this.frtMet, this.frtMet + this.frtBreached),
      },
      resolution: {
        met: this.resolutionMet,
        breached: this.resolutionBreached,
        rate: ratio(this.resolutionMet, this.resolutionMet + this.resolutionBreached),
      },
    };
  }
}
