import type { Db } from '../store/db.ts';
import { AgentTime, agentTimeResult, type Range } from './agent-time.ts';
import { CHANNELS, Names, PRIORITIES, readBlocks, refreshBlocks, type ChatBlock } from './blocks.ts';
import { CannedUse } from './canned.ts';
import { ChatVolume } from './chat-volume.ts';
import { ConversionResults } from './conversion.ts';
import { HOUR_MS, refreshChatFacts } from './facts.ts';
import { FirstContactResolution } from './fcr.ts';
import { MessageVolume } from './messages.ts';
import { ResponseTimes } from './response-times.ts';
import { answeredSurveys, conversionPairs, sentSurveys, visitorTotals, type Filters } from './scope.ts';
import { metricSettings } from './settings.ts';
import { SlaCompliance, SlaPolicies } from './sla.ts';
import { SurveyResults } from './surveys.ts';
import { TagUse } from './tags.ts';
import { ChattingVisitors } from './visitors.ts';

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
      conversion: this.conversions.result(this.volume.total),
      visitors: this.visitors.result(visitorsTotal),
    };
  }
}

export type Metrics = ReturnType<Cell['result']>;

export interface AgentRow {
  agentId: string;
  name: string;
}

/** The index of the range containing t, or -1. */
function rangeIndex(ranges: Range[], t: number): number {
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

/**
 * Computes the metrics of METRICS.md §2 for each range (and each agent when byAgent):
 * result[range][group], where the groups are the agents sorted by id, or one group.
 */
export function computeMetrics(db: Db, req: MetricsRequest): { agents: AgentRow[] | null; cells: Metrics[][] } {
  refreshChatFacts(db);
  const { ranges, filters, now } = req;
  const whole: Range = { from: ranges[0]!.from, to: ranges[ranges.length - 1]!.to };
  const settings = metricSettings(db);
  const names = new Names();
  const policies = new SlaPolicies(db, names);

  const agents = req.byAgent
    ? (db.prepare('SELECT id AS agentId, name FROM agents ORDER BY id').all() as AgentRow[])
    : null;
  const groupOf = new Map<number, number>();
  agents?.forEach((a, g) => groupOf.set(names.code(a.agentId), g));
  const groupCount = agents ? agents.length : 1;
  const cells = ranges.map((r) =>
    Array.from({ length: groupCount }, () => new Cell(r, now, settings.fcrWindowDays * 86_400_000, policies)),
  );

  // Filters as codes; a value matching nothing simply matches no chat.
  const agentFilter = filters.agent === undefined ? null : names.code(filters.agent);
  const departmentFilter = filters.department === undefined ? null : names.code(filters.department);
  const tagFilter = filters.tag === undefined ? null : names.code(filters.tag);
  const channelFilter = filters.channel === undefined ? null : CHANNELS.indexOf(filters.channel as never);
  const priorityFilter = filters.priority === undefined ? null : PRIORITIES.indexOf(filters.priority as never);

  const agentTime = new AgentTime(whole, now, agentFilter);
  const { fromHour, toHour } = agentTime.holdHours(HOUR_MS);
  refreshBlocks(db, fromHour, toHour);
  for (const b of readBlocks(db, fromHour, toHour, names)) {
    agentTime.addBlock(b);
    for (let i = 0; i < b.n; i++) {
      const start = b.startedAt[i]!;
      if (start < whole.from || start >= whole.to) continue;
      if (channelFilter !== null && b.channel[i] !== channelFilter) continue;
      if (priorityFilter !== null && b.priority[i] !== priorityFilter) continue;
      if (departmentFilter !== null && b.department[i] !== departmentFilter) continue;
      if (agentFilter !== null && b.agent[i] !== agentFilter) continue;
      if (tagFilter !== null && !hasTag(b, i, tagFilter)) continue;
      const group = agents ? groupOf.get(b.agent[i]!) : 0;
      if (group === undefined) continue;
      cells[rangeIndex(ranges, start)]![group]!.addChat(b, i);
    }
  }

  agentTime.load(db, names);
  if (agents) {
    agents.forEach((a, g) => {
      const code = names.code(a.agentId);
      if (agentFilter !== null && code !== agentFilter) return;
      const { online, busy } = agentTime.measure(ranges, code);
      ranges.forEach((_, r) => {
        cells[r]![g]!.onlineMs = online[r]!;
        cells[r]![g]!.busyMs = busy[r]!;
      });
    });
  } else {
    const { online, busy } = agentTime.measure(ranges, null);
    ranges.forEach((_, r) => {
      cells[r]![0]!.onlineMs = online[r]!;
      cells[r]![0]!.busyMs = busy[r]!;
    });
  }

  const cellOf = (range: number, agentId: string | null) => {
    const group = agents ? (agentId === null ? undefined : groupOf.get(names.code(agentId))) : 0;
    return group === undefined ? undefined : cells[range]![group];
  };
  for (const [range, agentId, kind, scale, score, count] of answeredSurveys(db, ranges, filters, req.byAgent)) {
    cellOf(range, agentId)?.surveys.addAnswered(kind, scale, score, count);
  }
  for (const [range, agentId, kind, sent, answered] of sentSurveys(db, ranges, filters, req.byAgent)) {
    cellOf(range, agentId)?.surveys.addSent(kind, sent, answered);
  }
  const windowMs = settings.conversionWindowHours * HOUR_MS;
  for (const [conversion, value, chat, startedAt, agentId] of conversionPairs(db, whole, windowMs, filters)) {
    const range = rangeIndex(ranges, startedAt);
    if (range >= 0) cellOf(range, agentId)?.conversions.addPair(conversion, value, chat);
  }

  const visitors = visitorTotals(db, ranges);
  return {
    agents,
    cells: cells.map((row, r) => row.map((cell) => cell.result(names, visitors[r]!))),
  };
}

function hasTag(b: ChatBlock, i: number, tag: number): boolean {
  for (let k = b.tagStart[i]!; k < b.tagStart[i + 1]!; k++) if (b.tag[k] === tag) return true;
  return false;
}
