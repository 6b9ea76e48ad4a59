/**
 * The history format of METRICS.md §1 (NDJSON, version 1): checking one parsed line and turning
 * it into a record with epoch-ms times. Hand-written rather than a schema library because an
 * import checks tens of millions of fields and this is the bulk of its CPU time.
 */

export const ROLES = ['agent', 'admin', 'owner'] as const;
export const STATUSES = ['online', 'away', 'offline'] as const;
export const CHANNEL_VALUES = ['widget', 'offline'] as const;
export const PRIORITY_VALUES = ['low', 'normal', 'high', 'urgent'] as const;
export const CLOSERS = ['visitor', 'agent', 'system'] as const;
export const AUTHORS = ['visitor', 'agent', 'system'] as const;
export const SURVEY_KINDS = ['csat', 'ces', 'nps'] as const;

export interface MetaRecord {
  type: 'meta';
}
export interface DepartmentRecord {
  type: 'department';
  id: string;
  name: string;
}
export interface AgentRecord {
  type: 'agent';
  id: string;
  name: string;
  email: string;
  role: (typeof ROLES)[number];
  departments: string[];
  maxChats: number;
}
export interface CannedRecord {
  type: 'canned';
  id: string;
  shortcut: string;
  text: string;
}
export interface SlaRecord {
  type: 'sla';
  id: string;
  department: string | null;
  priority: (typeof PRIORITY_VALUES)[number];
  firstResponseSec: number | null;
  resolutionSec: number | null;
}
export interface StatusRecord {
  type: 'agent_status';
  id: string;
  agentId: string;
  status: (typeof STATUSES)[number];
  at: number;
}
export interface PageViewRecord {
  type: 'page_view';
  id: string;
  visitorId: string;
  url: string;
  at: number;
}
export interface ConversionRecord {
  type: 'conversion';
  id: string;
  visitorId: string;
  at: number;
  value: number;
}
export interface MessageRecord {
  id: string;
  author: (typeof AUTHORS)[number];
  agentId: string | null;
  at: number;
  text: string;
  cannedId: string | null;
}
export interface ChatRecord {
  type: 'chat';
  id: string;
  visitorId: string;
  department: string | null;
  priority: (typeof PRIORITY_VALUES)[number];
  channel: (typeof CHANNEL_VALUES)[number];
  startedAt: number;
  closedAt: number | null;
  closedBy: (typeof CLOSERS)[number] | null;
  tags: string[];
  assignments: { agentId: string; at: number }[];
  messages: MessageRecord[];
}
export interface SurveyRecord {
  type: 'survey';
  id: string;
  kind: (typeof SURVEY_KINDS)[number];
  chatId: string;
  visitorId: string;
  scale: number;
  sentAt: number;
  answeredAt: number | null;
  score: number | null;
  comment: string | null;
}
export interface ReviewRecord {
  type: 'review';
  id: string;
  chatId: string;
  reviewerId: string;
  at: number;
  score: number;
  comment: string | null;
}

export type HistoryRecord =
  | MetaRecord
  | DepartmentRecord
  | AgentRecord
  | CannedRecord
  | SlaRecord
  | StatusRecord
  | PageViewRecord
  | ConversionRecord
  | ChatRecord
  | SurveyRecord
  | ReviewRecord;

export type RecordType = HistoryRecord['type'];

/** Fields of each record type; `?` marks an optional one. */
const FIELD_LISTS: Record<RecordType, string[]> = {
  meta: ['type', 'format', 'version'],
  department: ['type', 'id', 'name'],
  agent: ['type', 'id', 'name', 'email', 'role', 'departments', 'maxChats'],
  canned: ['type', 'id', 'shortcut', 'text'],
  sla: ['type', 'id', 'department', 'priority', 'firstResponseSec', 'resolutionSec'],
  agent_status: ['type', 'id', 'agentId', 'status', 'at'],
  page_view: ['type', 'id', 'visitorId', 'url', 'at'],
  conversion: ['type', 'id', 'visitorId', 'at', 'value'],
  chat: [
    'type',
    'id',
    'visitorId',
    'department',
    'priority',
    'channel',
    'startedAt',
    'closedAt',
    'closedBy',
    'tags',
    'assignments',
    'messages',
  ],
  survey: ['type', 'id', 'kind', 'chatId', 'visitorId', 'scale', 'sentAt', 'answeredAt', 'score', 'comment?'],
  review: ['type', 'id', 'chatId', 'reviewerId', 'at', 'score', 'comment?'],
};
export const RECORD_TYPES = Object.keys(FIELD_LISTS) as RecordType[];
const FIELDS = Object.fromEntries(
  Object.entries(FIELD_LISTS).map(([type, list]) => [type, fieldSpec(list)]),
) as Record<RecordType, FieldSpec>;

const ASSIGNMENT_FIELDS = fieldSpec(['agentId', 'at']);
const MESSAGE_FIELDS = fieldSpec(['id', 'author', 'agentId?', 'at', 'text', 'cannedId?']);

const isDigit = (c: number) => c >= 48 && c <= 57;

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of a time in exactly the format `YYYY-MM-DDTHH:MM:SS.mmmZ`, or null if it is not a real one. */
export function parseHistoryTime(s: unknown): number | null {
  if (typeof s !== 'string' || s.length !== 24) return null;
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 ||
    s.charCodeAt(23) !== 90
  ) {
    return null;
  }
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  const h = digits(s, 11, 13);
  const mi = digits(s, 14, 16);
  const se = digits(s, 17, 19);
  const ms = digits(s, 20, 23);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 || ms < 0) {
    return null;
  }
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS_IN_MONTH[mo - 1]! + (leap ? 1 : 0)) return null;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + se * 1000 + ms;
}

export const formatHistoryTime = (ms: number) => new Date(ms).toISOString();

const TIME_FORMAT = 'a real time written exactly as YYYY-MM-DDTHH:MM:SS.mmmZ';



interface FieldSpec {
  required: string[];
  known: Set<string>;
}

function fieldSpec(spec: string[]): FieldSpec {
  return {
    required: spec.filter((f) => !f.endsWith('?')),
    known: new Set(spec.map((f) => f.replace(/\?$/, ''))),
  };
}

/** Collects the problems of one line, each naming its field. */
class Check {
  errors: string[] = [];
  constructor(private prefix: string) {}

  fail(field: string, message: string): void {
    this.errors.push(`${this.prefix}${field}: ${message}`);
  }

  fields(obj: Record<string, unknown>, spec: FieldSpec, where = ''): void {
    for (const name of spec.required) if (!(name in obj)) this.fail(where + name, 'missing');
    for (const key in obj) if (!spec.known.has(key)) this.fail(where + key, 'unknown field');
  }

  id(v: unknown, field: string): string {
    if (typeof v !== 'string' || v === '') this.fail(field, 'must be a non-empty string');
    return v as string;
  }

  text(v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, 'must be a string');
    return v as string;
  }

  nullableId(v: unknown, field: string): string | null {
    if (v === null) return null;
    return this.id(v, field);
  }

  time(v: unknown, field: string): number {
    const t = parseHistoryTime(v);
    if (t === null) this.fail(field, `must be ${TIME_FORMAT}`);
    // NaN compares false with everything, so a bad time adds no second error.
    return t ?? NaN;
  }

  nullableTime(v: unknown, field: string): number | null {
    if (v === null) return null;
    return this.time(v, field);
  }

  oneOf<T extends string>(v: unknown, values: readonly T[], field: string): T {
    if (!values.includes(v as T)) this.fail(field, `must be one of ${values.join(', ')}`);
    return v as T;
  }

  seconds(v: unknown, field: string): number | null {
    if (v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) this.fail(field, 'must be seconds ≥ 0, or null');
    return v as number;
  }

  array(v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) {
      this.fail(field, 'must be a list');
      return [];
    }
    return v;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type Checked = { ok: true; record: HistoryRecord } | { ok: false; errors: string[] };

/** Checks one parsed line on its own (references and uniqueness are the import's job). */
export function checkRecord(value: unknown): Checked {
  if (!isObject(value)) return { ok: false, errors: ['each line must be a JSON object'] };
  const type = value.type as RecordType;
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) {
    return { ok: false, errors: [`type: unknown record type ${JSON.stringify(value.type)}`] };
  }
  const c = new Check(`${type}.`);
  c.fields(value, FIELDS[type]);
  const v = value;
  let record: HistoryRecord;
  switch (type) {
    case 'meta':
      if (v.format !== 'chat-history') c.fail('format', 'must be "chat-history"');
      if (v.version !== 1) c.fail('version', 'must be 1');
      record = { type };
      break;
    case 'department':
      record = { type, id: c.id(v.id, 'id'), name: c.text(v.name, 'name') };
      break;
    case 'agent': {
      const departments = c.array(v.departments, 'departments');
      departments.forEach((d, i) => c.id(d, `departments[${i}]`));
      if (new Set(departments).size !== departments.length) c.fail('departments', 'lists a department twice');
      if (!Number.isInteger(v.maxChats) || (v.maxChats as number) < 0) c.fail('maxChats', 'must be a whole number ≥ 0');
      record = {
        type,
        id: c.id(v.id, 'id'),
        name: c.text(v.name, 'name'),
        email: c.id(v.email, 'email'),
        role: c.oneOf(v.role, ROLES, 'role'),
        departments: departments as string[],
        maxChats: v.maxChats as number,
      };
      break;
    }
    case 'canned':
      record = { type, id: c.id(v.id, 'id'), shortcut: c.text(v.shortcut, 'shortcut'), text: c.text(v.text, 'text') };
      break;
    case 'sla':
      record = {
        type,
        id: c.id(v.id, 'id'),
        department: c.nullableId(v.department, 'department'),
        priority: c.oneOf(v.priority, PRIORITY_VALUES, 'priority'),
        firstResponseSec: c.seconds(v.firstResponseSec, 'firstResponseSec'),
        resolutionSec: c.seconds(v.resolutionSec, 'resolutionSec'),
      };
      break;
    case 'agent_status':
      record = {
        type,
        id: c.id(v.id, 'id'),
        agentId: c.id(v.agentId, 'agentId'),
        status: c.oneOf(v.status, STATUSES, 'status'),
        at: c.time(v.at, 'at'),
      };
      break;
    case 'page_view':
      record = { type, id: c.id(v.id, 'id'), visitorId: c.id(v.visitorId, 'visitorId'), url: c.text(v.url, 'url'), at: c.time(v.at, 'at') };
      break;
    case 'conversion':
      if (typeof v.value !== 'number' || !Number.isFinite(v.value)) c.fail('value', 'must be a number');
      record = {
        type,
        id: c.id(v.id, 'id'),
        visitorId: c.id(v.visitorId, 'visitorId'),
        at: c.time(v.at, 'at'),
        value: v.value as number,
      };
      break;
    case 'chat':
      record = checkChat(c, v);
      break;
    case 'survey':
      record = checkSurvey(c, v);
      break;
    case 'review':
      record = checkReview(c, v);
      break;
  }
  return c.errors.length ? { ok: false, errors: c.errors } : { ok: true, record };
}

function checkChat(c: Check, v: Record<string, unknown>): ChatRecord {
  const startedAt = c.time(v.startedAt, 'startedAt');
  const closedAt = c.nullableTime(v.closedAt, 'closedAt');
  const closedBy = v.closedBy === null ? null : c.oneOf(v.closedBy, CLOSERS, 'closedBy');
  if ((closedAt === null) !== (closedBy === null) && v.closedAt !== undefined && v.closedBy !== undefined) {
    c.fail('closedBy', 'must be null exactly when closedAt is');
  }
  if (closedAt !== null && closedAt < startedAt) c.fail('closedAt', 'is before startedAt');

  const tags = c.array(v.tags, 'tags');
  tags.forEach((t, i) => c.id(t, `tags[${i}]`));
  if (new Set(tags).size !== tags.length) c.fail('tags', 'must be distinct');

  const assignments = c
    .array(v.assignments, 'assignments')
    .map((a, i) => quickAssignment(a) ?? checkAssignment(c, a, i));
  for (let i = 0; i < assignments.length; i++) {
    const at = assignments[i]!.at;
    if (at < startedAt) c.fail(`assignments[${i}].at`, 'is before startedAt');
    if (i > 0 && at < assignments[i - 1]!.at) c.fail(`assignments[${i}].at`, 'is before the previous assignment');
  }

  const messages = c
    .array(v.messages, 'messages')
    .map((m, i) => quickMessage(m, startedAt) ?? checkMessage(c, m, i, startedAt));

  return {
    type: 'chat',
    id: c.id(v.id, 'id'),
    visitorId: c.id(v.visitorId, 'visitorId'),
    department: c.nullableId(v.department, 'department'),
    priority: c.oneOf(v.priority, PRIORITY_VALUES, 'priority'),
    channel: c.oneOf(v.channel, CHANNEL_VALUES, 'channel'),
    startedAt,
    closedAt,
    closedBy,
    tags: tags as string[],
    assignments,
    messages,
  };
}

const ASSIGNMENT_KEYS = new Set(['agentId', 'at']);
const MESSAGE_KEYS = new Set(['id', 'author', 'agentId', 'at', 'text', 'cannedId']);

/** The common case of an assignment, checked without naming fields; null sends it to checkAssignment. */
function quickAssignment(a: unknown): { agentId: string; at: number } | null {
  if (!isObject(a)) return null;
  let keys = 0;
  for (const k in a) {
    if (!ASSIGNMENT_KEYS.has(k)) return null;
    keys++;
  }
  const at = parseHistoryTime(a.at);
  if (keys !== 2 || typeof a.agentId !== 'string' || a.agentId === '' || at === null) return null;
  return { agentId: a.agentId, at };
}

function checkAssignment(c: Check, a: unknown, i: number): { agentId: string; at: number } {
  const where = `assignments[${i}]`;
  if (!isObject(a)) {
    c.fail(where, 'must be an object {agentId, at}');
    return { agentId: '', at: NaN };
  }
  c.fields(a, ASSIGNMENT_FIELDS, `${where}.`);
  return { agentId: c.id(a.agentId, `${where}.agentId`), at: c.time(a.at, `${where}.at`) };
}

/** The common case of a message, checked without naming fields; null sends it to checkMessage. */
function quickMessage(m: unknown, startedAt: number): MessageRecord | null {
  if (!isObject(m)) return null;
  for (const k in m) if (!MESSAGE_KEYS.has(k)) return null;
  const { id, author, text } = m;
  const at = parseHistoryTime(m.at);
  if (typeof id !== 'string' || id === '' || typeof text !== 'string' || at === null || at < startedAt) return null;
  if (author === 'agent') {
    const cannedId = m.cannedId === undefined ? null : m.cannedId;
    if (typeof m.agentId !== 'string' || m.agentId === '') return null;
    if (cannedId !== null && (typeof cannedId !== 'string' || cannedId === '')) return null;
    return { id, author, agentId: m.agentId, at, text, cannedId: cannedId as string | null };
  }
  if (author !== 'visitor' && author !== 'system') return null;
  if ((m.agentId !== undefined && m.agentId !== null) || (m.cannedId !== undefined && m.cannedId !== null)) return null;
  return { id, author, agentId: null, at, text, cannedId: null };
}

function checkMessage(c: Check, m: unknown, i: number, startedAt: number): MessageRecord {
  const where = `messages[${i}]`;
  if (!isObject(m)) {
    c.fail(where, 'must be an object');
    return { id: '', author: 'system', agentId: null, at: NaN, text: '', cannedId: null };
  }
  c.fields(m, MESSAGE_FIELDS, `${where}.`);
  const author = c.oneOf(m.author, AUTHORS, `${where}.author`);
  const at = c.time(m.at, `${where}.at`);
  if (at < startedAt) c.fail(`${where}.at`, 'is before startedAt');
  let agentId: string | null = null;
  let cannedId: string | null = null;
  if (author === 'agent') {
    agentId = c.id(m.agentId, `${where}.agentId`);
    cannedId = m.cannedId === undefined ? null : c.nullableId(m.cannedId, `${where}.cannedId`);
  } else {
    if (m.agentId !== undefined && m.agentId !== null) c.fail(`${where}.agentId`, 'is only on agent messages');
    if (m.cannedId !== undefined && m.cannedId !== null) c.fail(`${where}.cannedId`, 'is only on agent messages');
  }
  return { id: c.id(m.id, `${where}.id`), author, agentId, at, text: c.text(m.text, `${where}.text`), cannedId };
}

const SCALES: Record<string, number[]> = { csat: [5], ces: [5, 7], nps: [10] };

function checkSurvey(c: Check, v: Record<string, unknown>): SurveyRecord {
  const kind = c.oneOf(v.kind, SURVEY_KINDS, 'kind');
  const scale = v.scale as number;
  const scales = SCALES[kind as string];
  if (scales && !scales.includes(scale)) c.fail('scale', `must be ${scales.join(' or ')} for ${kind}`);
  const answeredAt = c.nullableTime(v.answeredAt, 'answeredAt');
  const score = v.score as number | null;
  if (score !== null) {
    const min = kind === 'nps' ? 0 : 1;
    const max = kind === 'nps' ? 10 : scale;
    if (!Number.isInteger(score) || score < min || score > max) {
      c.fail('score', `must be a whole number from ${min} to ${max}, or null`);
    }
  }
  if ((answeredAt === null) !== (score === null) && v.answeredAt !== undefined && v.score !== undefined) {
    c.fail('score', 'must be null exactly when answeredAt is');
  }
  const comment = v.comment === undefined || v.comment === null ? null : c.text(v.comment, 'comment');
  return {
    type: 'survey',
    id: c.id(v.id, 'id'),
    kind,
    chatId: c.id(v.chatId, 'chatId'),
    visitorId: c.id(v.visitorId, 'visitorId'),
    scale,
    sentAt: c.time(v.sentAt, 'sentAt'),
    answeredAt,
    score,
    comment,
  };
}

/**
 * A review on its own: the score in [0, 1]. Its reviewer's role and its chat's start may be in
 * the database, so the writer checks those once every row is in (history-writer.ts).
 */
function checkReview(c: Check, v: Record<string, unknown>): ReviewRecord {
  const score = v.score as number;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) c.fail('score', 'must be a number from 0 to 1');
  return {
    type: 'review',
    id: c.id(v.id, 'id'),
    chatId: c.id(v.chatId, 'chatId'),
    reviewerId: c.id(v.reviewerId, 'reviewerId'),
    at: c.time(v.at, 'at'),
    score,
    comment: v.comment === undefined || v.comment === null ? null : c.text(v.comment, 'comment'),
  };
}
