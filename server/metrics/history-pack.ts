/**
 * The rows an import writes, packed into a few flat arrays and one string per table so that they
 * cross from the thread that parses the history to the one that writes the database without a
 * structured clone of millions of small values.
 */

/** Column kinds: s = text or null, n = number or null. */
export const TABLES = {
  department: { head: 'INSERT INTO departments (id, name)', kinds: 'ss' },
  agent: { head: 'INSERT INTO agents (id, name, email, role, max_chats, created_at)', kinds: 'ssssnn' },
  agentDepartment: { head: 'INSERT INTO agent_departments (agent_id, department_id)', kinds: 'ss' },
  canned: { head: 'INSERT INTO canned_replies (id, shortcut, text)', kinds: 'sss' },
  sla: {
    head: 'INSERT INTO sla_policies (id, department_id, priority, first_response_sec, resolution_sec)',
    kinds: 'sssnn',
  },
  status: { head: 'INSERT INTO agent_status_changes (id, agent_id, status, at)', kinds: 'sssn' },
  pageView: { head: 'INSERT INTO page_views (id, visitor_id, url, at)', kinds: 'sssn' },
  conversion: { head: 'INSERT INTO conversions (id, visitor_id, at, value)', kinds: 'ssnn' },
  chat: {
    head: 'INSERT INTO chats (id, visitor_id, department_id, priority, channel, started_at, closed_at, closed_by, agent_id)',
    kinds: 'sssssnnss',
  },
  tag: { head: 'INSERT INTO chat_tags (chat_id, tag)', kinds: 'ss' },
  assignment: { head: 'INSERT INTO assignments (chat_id, agent_id, at)', kinds: 'ssn' },
  message: { head: 'INSERT INTO messages (id, chat_id, chat_seq, author, agent_id, at, text, canned_id)', kinds: 'ssnssnss' },
  facts: {
    head: `INSERT INTO chat_facts (chat_id, started_at, closed_at, visitor_id, department_id, channel, priority,
      agent_id, first_assigned_at, assignment_count, first_reply_at, reply_count, canned_reply_count,
      message_count, tags, canned, intervals, assignments)`,
    kinds: 'snnsssssnnnnnnssss',
  },
  survey: {
    head: 'INSERT INTO surveys (id, kind, chat_id, visitor_id, scale, sent_at, answered_at, score, comment)',
    kinds: 'ssssnnnns',
  },
  // After chats and agents: what a review refers to is written before it.
  review: { head: 'INSERT INTO reviews (id, chat_id, reviewer_id, at, score, comment)', kinds: 'sssnns' },
} as const;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

export interface TablePack {
  rows: number;
  /** The history line of each row. */
  lines: Int32Array;
  /** Numeric columns, row by row; NaN = null. */
  nums: Float64Array;
  /** Text columns, row by row: value k is text[ends[k-1] .. ends[k]), null when nulls[k]. */
  text: string;
  ends: Int32Array;
  nulls: Uint8Array;
}

export interface ImportError {
  line: number;
  message: string;
}

export interface Pack {
  tables: Partial<Record<TableName, TablePack>>;
  /** Lines that are wrong on their own. */
  errors: ImportError[];
}

/** Growable typed arrays. */
class Growing<T extends Float64Array | Int32Array | Uint8Array> {
  length = 0;
  constructor(public items: T) {}

  push(v: number): void {
    if (this.length === this.items.length) {
      const grown = new (this.items.constructor as new (n: number) => T)(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = v;
  }

  done(): T {
    return this.items.slice(0, this.length) as T;
  }
}

class TableBuilder {
  rows = 0;
  private lines = new Growing(new Int32Array(256));
  private nums = new Growing(new Float64Array(256));
  private ends = new Growing(new Int32Array(256));
  private nulls = new Growing(new Uint8Array(256));
  private strs: string[] = [];
  private end = 0;
  private numeric: boolean[];

  constructor(kinds: string) {
    this.numeric = Array.from(kinds, (k) => k === 'n');
  }

  add(line: number, values: readonly unknown[]): void {
    this.rows++;
    this.lines.push(line);
    for (let c = 0; c < this.numeric.length; c++) {
      const v = values[c];
      if (this.numeric[c]) {
        this.nums.push(v === null ? NaN : (v as number));
      } else if (v === null) {
        this.nulls.push(1);
        this.ends.push(this.end);
      } else {
        this.nulls.push(0);
        this.end += (v as string).length;
        this.ends.push(this.end);
        this.strs.push(v as string);
      }
    }
  }

  build(): TablePack {
    return {
      rows: this.rows,
      lines: this.lines.done(),
      nums: this.nums.done(),
      text: this.strs.join(''),
      ends: this.ends.done(),
      nulls: this.nulls.done(),
    };
  }
}

/** Collects rows per table; build() makes a Pack and starts over. */
export class PackBuilder {
  private tables = new Map<TableName, TableBuilder>();
  errors: ImportError[] = [];

  add(table: TableName, line: number, values: readonly unknown[]): void {
    let t = this.tables.get(table);
    if (!t) this.tables.set(table, (t = new TableBuilder(TABLES[table].kinds)));
    t.add(line, values);
  }

  build(): Pack {
    const tables: Pack['tables'] = {};
    for (const [name, t] of this.tables) tables[name] = t.build();
    const pack = { tables, errors: this.errors };
    this.tables = new Map();
    this.errors = [];
    return pack;
  }
}

/** The buffers of a pack, to transfer rather than copy between threads. */
export function packTransfers(pack: Pack): ArrayBuffer[] {
  return Object.values(pack.tables).flatMap((t) => [t.lines.buffer, t.nums.buffer, t.ends.buffer, t.nulls.buffer] as ArrayBuffer[]);
}

/** Reads rows of a table pack back into column values. */
export function rowReader(kinds: string) {
  const isNum = Array.from(kinds, (k) => k === 'n');
  const numCount = isNum.filter(Boolean).length;
  const strCount = kinds.length - numCount;
  /** Writes row r's values into out[at ..]. */
  return (t: TablePack, r: number, out: unknown[], at: number): void => {
    let n = r * numCount;
    let s = r * strCount;
    for (let c = 0; c < isNum.length; c++) {
      if (isNum[c]) {
        const v = t.nums[n++]!;
        out[at + c] = Number.isNaN(v) ? null : v;
      } else {
        out[at + c] = t.nulls[s] ? null : t.text.slice(s === 0 ? 0 : t.ends[s - 1], t.ends[s]);
        s++;
      }
    }
  };
}
