// The answers of the metrics API, as METRICS.md §2 and §3 define them. Durations are seconds,
// rates fractions in [0, 1]; a value whose denominator is 0 is null.

export interface DurationStats {
  mean: number | null;
  median: number | null;
  p90: number | null;
  count: number;
}

export interface SlaOutcome {
  met: number;
  breached: number;
  rate: number | null;
}

export interface Metrics {
  chats: {
    total: number;
    byChannel: { widget: number; offline: number };
    missed: number;
    missedRate: number | null;
    open: number;
    transferRate: number | null;
  };
  wait: DurationStats;
  frt: DurationStats;
  art: DurationStats;
  resolution: DurationStats;
  aht: DurationStats;
  messages: { perChat: number | null };
  fcr: number | null;
  tags: { taggedRate: number | null; perChat: number | null; counts: Record<string, number> };
  canned: { chatRate: number | null; messageRate: number | null; counts: Record<string, number> };
  sla: { frt: SlaOutcome; resolution: SlaOutcome };
  csat: { count: number; mean: number | null; rate: number | null };
  ces: { count: number; mean: number | null; rate: number | null };
  nps: { count: number; promoters: number; passives: number; detractors: number; score: number | null };
  surveys: { responseRate: { csat: number | null; ces: number | null; nps: number | null } };
  agents: { onlineSec: number; utilization: number | null; chatsPerOnlineHour: number | null };
  conversion: { rate: number | null; value: number };
  visitors: { total: number; chatRate: number | null };
  /** Internal quality reviews: `mean` score in [0, 1], `rate` = share scoring ≥ 0.8. */
  iqs: { count: number; mean: number | null; rate: number | null };
}

export interface SeriesPoint {
  /** UTC ISO instants, the bucket clipped to the range. */
  start: string;
  end: string;
  metrics: Metrics;
}

export interface MetricsSeries {
  bucket: 'hour' | 'day' | 'week' | 'month';
  tz: string;
  points: SeriesPoint[];
}

export interface AgentReportRow {
  agentId: string;
  name: string;
  metrics: Metrics;
}
