import type { Range } from './agent-time.ts';
import type { Names } from './blocks.ts';
import { CHANNELS, PRIORITIES } from './chat-blocks.ts';

/** Optional filters of a query: exact matches on the chat (METRICS.md §2, "Scope of a query"). */
export interface Filters {
  agent?: string;
  department?: string;
  tag?: string;
  channel?: string;
  priority?: string;
}

/** What the filters look at, in a chat block and (as the chat's) in a survey block. */
interface ChatAttributes {
  channel: Uint8Array;
  priority: Uint8Array;
  department: Int32Array;
  agent: Int32Array;
  tagStart: Int32Array;
  tag: Int32Array;
}

/**
 * The filters as codes: `agent` = the chat's agent (its last assignment), `tag` = the chat
 * carries the tag. A value that matches nothing simply matches no chat.
 */
export class ScopeFilter {
  readonly agent: number | null;
  private department: number | null;
  private tag: number | null;
  private channel: number | null;
  private priority: number | null;

  constructor(f: Filters, names: Names) {
    this.agent = f.agent === undefined ? null : names.code(f.agent);
    this.department = f.department === undefined ? null : names.code(f.department);
    this.tag = f.tag === undefined ? null : names.code(f.tag);
    this.channel = f.channel === undefined ? null : CHANNELS.indexOf(f.channel as never);
    this.priority = f.priority === undefined ? null : PRIORITIES.indexOf(f.priority as never);
    this.filtered = [this.agent, this.department, this.tag, this.channel, this.priority].some((v) => v !== null);
  }

  /** Whether any filter applies (else every chat matches). */
  readonly filtered: boolean;

  matches(b: ChatAttributes, i: number): boolean {
    if (this.channel !== null && b.channel[i] !== this.channel) return false;
    if (this.priority !== null && b.priority[i] !== this.priority) return false;
    if (this.department !== null && b.department[i] !== this.department) return false;
    if (this.agent !== null && b.agent[i] !== this.agent) return false;
    if (this.tag !== null) {
      for (let k = b.tagStart[i]!; k < b.tagStart[i + 1]!; k++) if (b.tag[k] === this.tag) return true;
      return false;
    }
    return true;
  }
}

/** The index of the range containing t (ranges sorted and disjoint), or -1. */
export function rangeIndex(ranges: Range[], t: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (t < r.from) hi = mid - 1;
    else if (t >= r.to) lo = mid + 1;
    else return mid;
  }
  return -1;
}
