import type { Sql } from '../store/sql.ts';
import { slaPolicies } from '../store/sla-policies.ts';
import { AgentTime, agentTimeResult, type Range } from './agent-time.ts';
import { BlockKind, type BuildBlock, HOUR_MS, Names, readBlocks, refreshBlocks, Scratch, useConversionWindow } from './blocks.ts';
import { CannedUse } from './canned.ts';
import { buildChatBlock, CHAT_COLUMNS, chatBlock, type ChatBlock } from './chat-blocks.ts';
import { ChatVolume } from './chat-volume.ts';
import { ConversionResults } from './conversion.ts';
import { bytewise } from './dialect.ts';
import { refreshChatFacts } from './facts.ts';
import { FirstContactResolution } from './fcr.ts';
import { QualityScores, reviewsInScope } from './iqs.ts';
import { MessageVolume } from './messages.ts';
import { buildPageViewBlock, PAGE_VIEW_COLUMNS, pageViewBlock, type PageViewBlock } from './page-view-blocks.ts';
import { ResponseTimes } from './response-times.ts';
import { rangeIndex, ScopeFilter, type Filters } from './scope.ts';
import { metricSettings } from './settings.ts';
import { SlaCompliance, SlaPolicies } from './sla.ts';
import { buildSurveyBlock, NO_SCORE, SURVEY_COLUMNS, surveyBlock, type SurveyBlock } from './survey-blocks.ts';
import { SurveyResults } from './surveys.ts';
import { TagUse } from './tags.ts';
import { ChattingVisitors, countFirstVisits, countVisitors } from './visitors.ts';

export type { Filters, Range };

export interface MetricsRequest {
  /** Sorted, disjoint ranges [from, to): one for a summary, the buckets of a series. */
  ranges: Range[];
  filters: Filters;
  /** One result per agent (the per-agent report) instead of one for all. */
  byAgent: boolean;
  now: number;
}

/** Everything counted for one range (and one agent in the per-agent report). */
class Cell {
  volume = new ChatVolume();
  times = new ResponseTimes();
  messages = new MessageVolume();
  fcr: FirstContactResolution;
  tags = new TagUse();
  canned = new CannedUse();
  sla: SlaCompliance;
  surveys = new SurveyResults();
  conversions = new ConversionResults();
  reviews = new QualityScores();
  visitors: ChattingVisitors;
  onlineMs = 0;
  busyMs = 0;

  constructor(range: Range, now: number, fcrWindowMs: number, policies: SlaPolicies) {
    this.fcr = new FirstContactResolution(fcrWindowMs);
    this.sla = new SlaCompliance(policies, Math.min(range.to, now));
    this.visitors = new ChattingVisitors(range.from, range.to);
  }

  /**
   * Adds the chats b[rows[j]] for j in [first, end): each part goes over the batch in one tight
   * loop of its own, in the order of the rows, so that every sum adds the same numbers in the
   * same order as adding the chats one at a time did.
   */
  addChats(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    this.volume.add(b, rows, first, end);
    this.times.add(b, rows, first, end);
    this.messages.add(b, rows, first, end);
    this.fcr.add(b, rows, first, end);
    this.tags.add(b, rows, first, end);
    this.canned.add(b, rows, first, end);
    this.sla.add(b, rows, first, end);
    this.visitors.add(b, rows, first, end);
    this.conversions.add(b, rows, first, end);
  }

  /** The keys of METRICS.md §2 as nested objects. */
  result(names: Names, visitorsTotal: number) {
    const times = this.times.result();
    const surveys = this.surveys.result();
    return {
      chats: this.volume.result(),
      wait: times.wait,
      frt: times.frt,
      art: times.art,
      resolution: times.resolution,
      aht: times.aht,
      messages: this.messages.result(),
      fcr: this.fcr.result(),
      tags: this.tags.result(names),
      canned: this.canned.result(names),
      sla: this.sla.result(),
      csat: surveys.csat,
      ces: surveys.ces,
      nps: surveys.nps,
      surveys: surveys.surveys,
      agents: agentTimeResult(this.onlineMs, this.busyMs, this.volume.assigned),
      conversion: this.conversions.result(),
      visitors: this.visitors.result(visitorsTotal),
      iqs: this.reviews.result(),
    };
  }
}

export type Metrics = ReturnType<Cell['result']>;

export interface AgentRow {
  agentId: string;
  name: string;
}

/**
 * The rows of one block, grouped by the cell they count in: rows of one cell stay in block order.
 * A summary without filters has a single cell and needs no grouping.
 */
class Batches {
  /** Rows as pushed, their cells, and (after grouping) the rows in cell order. */
  private rows = new Int32Array(1024);
  private cells = new Int32Array(1024);
  private grouped = new Int32Array(1024);
  private n = 0;
  /** Per cell: rows in this block (0 outside grouping), then where its rows go in `grouped`. */
  private perCell: Int32Array;
  /** The cells with rows, in the order first met. */
  private touched: number[] = [];

  constructor(cellCount: number) {
    this.perCell = new Int32Array(cellCount);
  }

  /** Starts a block of at most `size` rows. */
  reset(size: number): void {
    if (size > this.rows.length) {
      this.rows = new Int32Array(size);
      this.cells = new Int32Array(size);
      this.grouped = new Int32Array(size);
    }
    this.n = 0;
  }

  push(row: number, cell: number): void {
    if (this.perCell[cell]!++ === 0) this.touched.push(cell);
    this.rows[this.n] = row;
    this.cells[this.n++] = cell;
  }

  /** Calls f(cell, rows, first, end) once per cell with rows: its rows are rows[first..end). */
  forEach(f: (cell: number, rows: Int32Array, first: number, end: number) => void): void {
    const { touched, perCell } = this;
    if (touched.length === 1) {
      const cell = touched[0]!;
      perCell[cell] = 0;
      touched.length = 0;
      f(cell, this.rows, 0, this.n);
      return;
    }
    // A stable counting sort by cell.
    let at = 0;
    for (const cell of touched) {
      const count = perCell[cell]!;
      perCell[cell] = at;
      at += count;
    }
    for (let j = 0; j < this.n; j++) this.grouped[perCell[this.cells[j]!]!++] = this.rows[j]!;
    let first = 0;
    for (const cell of touched) {
      const end = perCell[cell]!;
      perCell[cell] = 0;
      f(cell, this.grouped, first, end);
      first = end;
    }
    touched.length = 0;
  }
}

let identity = new Int32Array(0);
/** Rows 0 .. n − 1 of a block. */
function everyRow(n: number): Int32Array {
  if (identity.length < n) identity = Int32Array.from({ length: Math.max(n, 2 * identity.length) }, (_, i) => i);
  return identity;
}

/**
 * Computes the metrics of METRICS.md §2 for each range (and each agent when byAgent):
 * result[range][group], where the groups are the agents sorted by id, or one group.
 *
 * On either store: what is stale (chat facts, hour blocks) is rebuilt and the blocks are read
 * with awaits, a week of them at a time; each block read is counted in synchronous loops.
 */
export async function computeMetrics(db: Sql, req: MetricsRequest): Promise<{ agents: AgentRow[] | null; cells: Metrics[][] }> {
  await refreshChatFacts(db);
  const { ranges, now } = req;
  const whole: Range = { from: ranges[0]!.from, to: ranges[ranges.length - 1]!.to };
  const settings = await metricSettings(db);
  const names = new Names();
  const policies = new SlaPolicies(await slaPolicies(db), names);
  const scope = new ScopeFilter(req.filters, names);

  const agents = req.byAgent
    ? await db.all<AgentRow>(`SELECT id AS "agentId", name FROM agents ORDER BY id${bytewise(db)}`)
    : null;
  const groupCount = agents ? agents.length : 1;
  /** The group of each agent code (-1: not a group) in the per-agent report. */
  const agentCodes = agents?.map((a) => names.code(a.agentId)) ?? [];
  const groupOfCode = new Int32Array(names.size()).fill(-1);
  agentCodes.forEach((code, g) => (groupOfCode[code] = g));
  const groupOf = (agent: number) => (!agents ? 0 : agent >= 0 && agent < groupOfCode.length ? groupOfCode[agent]! : -1);
  /** cells[range · groupCount + group] */
  const cells = ranges.flatMap((r) =>
    Array.from({ length: groupCount }, () => new Cell(r, now, settings.fcrWindowDays * 86_400_000, policies)),
  );
  /** The cell index of a chat (or of a survey, by its chat) at time t with the given agent code, or -1. */
  const cellOf = (t: number, agent: number) => {
    const range = rangeIndex(ranges, t);
    const group = groupOf(agent);
    return range < 0 || group < 0 ? -1 : range * groupCount + group;
  };

  /**
   * The range that holds all of the UTC hour starting at `base`, or -1. A block holds the rows
   * of one such hour, so then every row of it falls in that range without a search; and when
   * no filter applies and there are no per-agent groups, every row counts in that range's cell.
   */
  const rangeOfHour = (base: number) => {
    const r = rangeIndex(ranges, base);
    return r >= 0 && ranges[r]!.to >= base + HOUR_MS ? r : -1;
  };
  const oneCellPerRange = !scope.filtered && !agents;

  const fromHour = Math.floor(whole.from / HOUR_MS);
  const toHour = Math.ceil(whole.to / HOUR_MS);
  const agentTime = new AgentTime(whole, now, scope.agent);
  const holdFromHour = agentTime.holdFromHour(HOUR_MS);
  const windowMs = Math.round(settings.conversionWindowHours * HOUR_MS);
  await useConversionWindow(db, windowMs);
  const buildChats: BuildBlock = (tx, h) => buildChatBlock(tx, h, windowMs);
  await refreshBlocks(db, BlockKind.Chats, holdFromHour, toHour, buildChats);
  const batches = new Batches(cells.length);
  const chatScratch = new Scratch();
  for await (const packed of readBlocks(db, BlockKind.Chats, holdFromHour, toHour, CHAT_COLUMNS, buildChats)) {
    const b = chatBlock(packed, names, chatScratch);
    agentTime.addBlock(b);
    const r = oneCellPerRange ? rangeOfHour(packed.base) : -1;
    if (r >= 0) {
      cells[r]!.addChats(b, everyRow(b.n), 0, b.n);
      continue;
    }
    batches.reset(b.n);
    for (let i = 0; i < b.n; i++) {
      const start = b.startedAt[i]!;
      if (start < whole.from || start >= whole.to || !scope.matches(b, i)) continue;
      const cell = cellOf(start, b.agent[i]!);
      if (cell >= 0) batches.push(i, cell);
    }
    batches.forEach((cell, rows, first, end) => cells[cell]!.addChats(b, rows, first, end));
  }

  agentTime.load(await AgentTime.read(db, whole), names);
  const measured = agents ?? [null];
  measured.forEach((a, g) => {
    const code = a === null ? null : names.code(a.agentId);
    if (code !== null && scope.agent !== null && code !== scope.agent) return;
    const { online, busy } = agentTime.measure(ranges, code);
    ranges.forEach((_, r) => {
      cells[r * groupCount + g]!.onlineMs = online[r]!;
      cells[r * groupCount + g]!.busyMs = busy[r]!;
    });
  });

  const surveyScratch = new Scratch();
  for (const answered of [false, true]) {
    const kind = answered ? BlockKind.SurveysAnswered : BlockKind.SurveysSent;
    const build: BuildBlock = (tx, h) => buildSurveyBlock(tx, h, answered);
    await refreshBlocks(db, kind, fromHour, toHour, build);
    for await (const packed of readBlocks(db, kind, fromHour, toHour, SURVEY_COLUMNS, build)) {
      const r = oneCellPerRange ? rangeOfHour(packed.base) : -1;
      if (r >= 0) {
        // Kind, scale and score are all it takes: no names to translate, no times to unpack.
        const { kind, scale, score } = packed.columns as unknown as SurveyBlock;
        cells[r]!.surveys.addBlock({ n: packed.n, kind, scale, score }, answered);
        continue;
      }
      const b = surveyBlock(packed, names, surveyScratch);
      for (let i = 0; i < b.n; i++) {
        if (!scope.matches(b, i)) continue;
        const cell = cellOf(b.at[i]!, b.agent[i]!);
        if (cell < 0) continue;
        const results = cells[cell]!.surveys;
        if (answered) results.addAnswered(b.kind[i]!, b.scale[i]!, b.score[i]!, 1);
        else results.addSent(b.kind[i]!, b.score[i] !== NO_SCORE);
      }
    }
  }

  for (const { review, agent } of await reviewsInScope(db, whole.from, whole.to, scope, names)) {
    const cell = cellOf(review.at, agent);
    if (cell >= 0) cells[cell]!.reviews.add(review.score);
  }

  const visitors = new Float64Array(ranges.length);
  const pageViewScratch = new Scratch();
  await refreshBlocks(db, BlockKind.PageViews, fromHour, toHour, buildPageViewBlock);
  for await (const packed of readBlocks(db, BlockKind.PageViews, fromHour, toHour, PAGE_VIEW_COLUMNS, buildPageViewBlock)) {
    const r = rangeOfHour(packed.base);
    if (r >= 0) visitors[r]! += countFirstVisits((packed.columns as unknown as PageViewBlock).prevAt, ranges[r]!.from);
    else countVisitors(pageViewBlock(packed, pageViewScratch), ranges, visitors);
  }

  return {
    agents,
    cells: ranges.map((_, r) =>
      Array.from({ length: groupCount }, (_, g) => cells[r * groupCount + g]!.result(names, visitors[r]!)),
    ),
  };
}
