import type { Names } from './blocks.ts';
import { PRIORITIES, type ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';
import type { SlaPolicyRow } from '../store/replies.ts';
import { slaPolicyFor } from '../../shared/replies.ts';

interface Targets {
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
    const start = b.startedAt[i]!;
    const closedAt = b.closedAt[i]!;
    const closed = !Number.isNaN(closedAt);
    const replied = b.replyCount[i]! > 0;
    const end = closed ? closedAt : this.openEnd;
    const T = targets.firstResponseSec;
    if (T !== null) {
      if (replied) {
        if ((b.firstReplyAt[i]! - start) / 1000 <= T) this.frtMet++;
        else this.frtBreached++;
      } else if ((end - start) / 1000 > T) {
        this.frtBreached++;
      }
    }
    const R = targets.resolutionSec;
    if (R !== null) {
      if (closed && replied) {
        if ((closedAt - start) / 1000 <= R) this.resolutionMet++;
        else this.resolutionBreached++;
      } else if (!closed && (this.openEnd - start) / 1000 > R) {
        this.resolutionBreached++;
      }
    }
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
