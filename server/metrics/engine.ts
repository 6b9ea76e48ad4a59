import type { Db } from '../store/db.ts';
import { AgentTime, agentTimeResult, type Range } from './agent-time.ts';
import { BlockKind, HOUR_MS, Names, readBlocks, refreshBlocks, useConversionWindow } from './blocks.ts';
import { CannedUse } from './canned.ts';
import { buildChatBlock, CHAT_COLUMNS, chatBlock, type ChatBlock } from './chat-blocks.ts';
import { ChatVolume } from './chat-volume.ts';
import { ConversionResults } from './conversion.ts';
import { refreshChatFacts } from './facts.ts';
import { FirstContactResolution } from './fcr.ts';
import { MessageVolume } from './messages.ts';
import { buildPageViewBlock, PAGE_VIEW_COLUMNS, pageViewBlock } from './page-view-blocks.ts';
import { ResponseTimes } from './response-times.ts';
import { rangeIndex, ScopeFilter, type Filters } from './scope.ts';
import { metricSettings } from './settings.ts';
import { SlaCompliance, SlaPolicies } from './sla.ts';
import { buildSurveyBlock, NO_SCORE, SURVEY_COLUMNS, SURVEY_KINDS, surveyBlock } from './survey-blocks.ts';
import { SurveyResults } from './surveys.ts';
import { TagUse } from './tags.ts';
import { ChattingVisitors, countVisitors } from './visitors.ts';

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
  visitors: ChattingVisitors;
  onlineMs = 0;
  busyMs = 0;

  constructor(range: Range, now: number, fcrWindowMs: number, policies: SlaPolicies) {
    this.fcr = new FirstContactResolution(fcrWindowMs);
    this.sla = new SlaCompliance(policies, Math.min(range.to, now));
    this.visitors = new ChattingVisitors(range.from, range.to);
  }

  addChat(b: ChatBlock, i: number): void {
    this.volume.add(b, i);
    this.times.add(b, i);
    this.messages.add(b, i);
    this.fcr.add(b, i);
    this.tags.add(b, i);
    this.canned.add(b, i);
    this.sla.add(b, i);
    this.visitors.add(b, i);
    this.conversions.add(b, i);
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
    };
  }
}

export type Metrics = ReturnType<Cell['result']>;

export interface AgentRow {
  agentId: string;
  name: string;
}

/**
 * Computes the metrics of METRICS.md §2 for each range (and each agent when byAgent):
 * result[range][group], where the groups are the agents sorted by id, or one group.
 */
export function computeMetrics(db: Db, req: MetricsRequest): { agents: AgentRow[] | null; cells: Metrics[][] } {
  refreshChatFacts(db);
  const { ranges, now } = req;
  const whole: Range = { from: ranges[0]!.from, to: ranges[ranges.length - 1]!.to };
  const settings = metricSettings(db);
  const names = new Names();
  const policies = new SlaPolicies(db, names);
  const scope = new ScopeFilter(req.filters, names);

  const agents = req.byAgent
    ? (db.prepare('SELECT id AS agentId, name FROM agents ORDER BY id').all() as AgentRow[])
    : null;
  const groupOf = new Map<number, number>();
  agents?.forEach((a, g) => groupOf.set(names.code(a.agentId), g));
  const groupCount = agents ? agents.length : 1;
  const cells = ranges.map((r) =>
    Array.from({ length: groupCount }, () => new Cell(r, now, settings.fcrWindowDays * 86_400_000, policies)),
  );
  /** The cell of a chat (or of a survey, by its chat) with the given agent code, if any. */
  const cellOf = (range: number, agent: number) => {
    if (range < 0) return undefined;
    const group = agents ? groupOf.get(agent) : 0;
    return group === undefined ? undefined : cells[range]![group];
  };

  const fromHour = Math.floor(whole.from / HOUR_MS);
  const toHour = Math.ceil(whole.to / HOUR_MS);
  const agentTime = new AgentTime(whole, now, scope.agent);
  const holdFromHour = agentTime.holdFromHour(HOUR_MS);
  const windowMs = Math.round(settings.conversionWindowHours * HOUR_MS);
  useConversionWindow(db, windowMs);
  refreshBlocks(db, BlockKind.Chats, holdFromHour, toHour, (h) => buildChatBlock(db, h, windowMs));
  for (const packed of readBlocks(db, BlockKind.Chats, holdFromHour, toHour, CHAT_COLUMNS)) {
    const b = chatBlock(packed, names);
    agentTime.addBlock(b);
    for (let i = 0; i < b.n; i++) {
      const start = b.startedAt[i]!;
      if (start < whole.from || start >= whole.to || !scope.matches(b, i)) continue;
      cellOf(rangeIndex(ranges, start), b.agent[i]!)?.addChat(b, i);
    }
  }

  agentTime.load(db, names);
  const measured = agents ?? [null];
  measured.forEach((a, g) => {
    const code = a === null ? null : names.code(a.agentId);
    if (code !== null && scope.agent !== null && code !== scope.agent) return;
    const { online, busy } = agentTime.measure(ranges, code);
    ranges.forEach((_, r) => {
      cells[r]![g]!.onlineMs = online[r]!;
      cells[r]![g]!.busyMs = busy[r]!;
    });
  });

  for (const answered of [false, true]) {
    const kind = answered ? BlockKind.SurveysAnswered : BlockKind.SurveysSent;
    refreshBlocks(db, kind, fromHour, toHour, (h) => buildSurveyBlock(db, h, answered));
    for (const packed of readBlocks(db, kind, fromHour, toHour, SURVEY_COLUMNS)) {
      const b = surveyBlock(packed, names);
      for (let i = 0; i < b.n; i++) {
        if (!scope.matches(b, i)) continue;
        const results = cellOf(rangeIndex(ranges, b.at[i]!), b.agent[i]!)?.surveys;
        if (!results) continue;
        if (answered) results.addAnswered(SURVEY_KINDS[b.kind[i]!]!, b.scale[i]!, b.score[i]!, 1);
        else results.addSent(b.kind[i]!, b.score[i] !== NO_SCORE);
      }
    }
  }

  const visitors = new Float64Array(ranges.length);
  refreshBlocks(db, BlockKind.PageViews, fromHour, toHour, (h) => buildPageViewBlock(db, h));
  for (const packed of readBlocks(db, BlockKind.PageViews, fromHour, toHour, PAGE_VIEW_COLUMNS)) {
    countVisitors(pageViewBlock(packed), ranges, visitors);
  }

  return {
    agents,
    cells: cells.map((row, r) => row.map((cell) => cell.result(names, visitors[r]!))),
  };
}
