import {
  formatCount,
  formatDecimal,
  formatDuration,
  formatHours,
  formatNps,
  formatRate,
  type ChangeKind,
} from './format.ts';
import type { DurationStats, Metrics } from './metrics-types.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { DrillKey } from './drill.ts';

/** A headline number of the dashboard's tiles. Label and meaning are English keys: show them with t(). */
export interface Kpi {
  id: string;
  label: MessageKey;
  /** What the number is, in the words of METRICS.md, for the tile's tooltip. */
  meaning: MessageKey;
  value: (m: Metrics) => number | null;
  format: (v: number | null) => string;
  change: ChangeKind;
  /** Which way is good news; `none` for volumes that are neither. */
  better: 'up' | 'down' | 'none';
  /** A second line: the counts behind the number, in the console's language. */
  detail: (m: Metrics) => string;
  /** The chats behind the tile (drill-down), when it is a per-chat figure. */
  drill?: DrillKey;
}

const medianDetail = (d: DurationStats) =>
  d.count ? t('median · p90 {p90}', { p90: formatDuration(d.p90) }) : t('median · no chats');
const answers = (count: number) => (count ? t('answers: {count}', { count: formatCount(count) }) : t('no answers'));
const scoreDetail = (s: { mean: number | null; count: number }, scale: number) =>
  s.count ? t('{mean} of {scale} · {answers}', { mean: formatDecimal(s.mean), scale, answers: answers(s.count) }) : answers(0);
const reviewDetail = (s: { count: number; rate: number | null }) =>
  s.count ? t('{rate} at 80%+ · reviews: {count}', { rate: formatRate(s.rate), count: formatCount(s.count) }) : t('no reviews');
const metOrBreached = (s: { met: number; breached: number }) =>
  t('{met} met · {breached} breached', { met: formatCount(s.met), breached: formatCount(s.breached) });

export const headlineKpis: Kpi[] = [
  {
    id: 'chats',
    drill: 'chats.total',
    label: 'Chats',
    meaning: 'Chats started in the range',
    value: (m) => m.chats.total,
    format: formatCount,
    change: 'relative',
    better: 'none',
    detail: (m) =>
      t('{live} live · {offline} offline', {
        live: formatCount(m.chats.byChannel.widget),
        offline: formatCount(m.chats.byChannel.offline),
      }),
  },
  {
    id: 'missed-rate',
    drill: 'chats.missed',
    label: 'Missed',
    meaning: 'Closed live chats that got no reply, of all closed live chats',
    value: (m) => m.chats.missedRate,
    format: formatRate,
    change: 'points',
    better: 'down',
    detail: (m) => t('{missed} missed · {open} open', { missed: formatCount(m.chats.missed), open: formatCount(m.chats.open) }),
  },
  {
    id: 'wait',
    drill: 'wait',
    label: 'Wait',
    meaning: 'Median time from the start of a chat to its pick-up by an agent',
    value: (m) => m.wait.median,
    format: formatDuration,
    change: 'relative',
    better: 'down',
    detail: (m) => medianDetail(m.wait),
  },
  {
    id: 'frt',
    drill: 'frt',
    label: 'First response',
    meaning: "Median time from the start of a chat to the agent's first reply",
    value: (m) => m.frt.median,
    format: formatDuration,
    change: 'relative',
    better: 'down',
    detail: (m) => medianDetail(m.frt),
  },
  {
    id: 'resolution',
    drill: 'resolution',
    label: 'Resolution',
    meaning: 'Median time from the start of a chat to its close, for closed chats with a reply',
    value: (m) => m.resolution.median,
    format: formatDuration,
    change: 'relative',
    better: 'down',
    detail: (m) => medianDetail(m.resolution),
  },
  {
    id: 'fcr',
    drill: 'fcr',
    label: 'FCR',
    meaning: 'First contact resolution: closed chats with a reply whose visitor did not come back within the FCR window',
    value: (m) => m.fcr,
    format: formatRate,
    change: 'points',
    better: 'up',
    detail: (m) => t('transfers {rate}', { rate: formatRate(m.chats.transferRate) }),
  },
  {
    id: 'csat',
    label: 'CSAT',
    meaning: 'Answered CSAT surveys scoring 4 or 5 (and the mean score)',
    value: (m) => m.csat.rate,
    format: formatRate,
    change: 'points',
    better: 'up',
    detail: (m) => scoreDetail(m.csat, 5),
  },
  {
    id: 'nps',
    label: 'NPS',
    meaning: 'Promoters (9–10) minus detractors (0–6), per 100 answers',
    value: (m) => m.nps.score,
    format: formatNps,
    change: 'difference',
    better: 'up',
    detail: (m) => answers(m.nps.count),
  },
  {
    id: 'ces',
    label: 'CES',
    meaning: 'Answered CES surveys that found it easy: 4+ of 5, 5+ of 7 (and the mean on the 7-point scale)',
    value: (m) => m.ces.rate,
    format: formatRate,
    change: 'points',
    better: 'up',
    detail: (m) => scoreDetail(m.ces, 7),
  },
  {
    id: 'iqs',
    drill: 'iqs',
    label: 'IQS',
    meaning: 'Internal quality score: the mean score of the reviews made in the range (and the share scoring 80% or more)',
    value: (m) => m.iqs.mean,
    format: formatRate,
    change: 'points',
    better: 'up',
    detail: (m) => reviewDetail(m.iqs),
  },
  {
    id: 'sla-frt',
    drill: 'sla.frt.breached',
    label: 'SLA first response',
    meaning: 'Chats that met their first-response target, of those met or breached',
    value: (m) => m.sla.frt.rate,
    format: formatRate,
    change: 'points',
    better: 'up',
    detail: (m) => metOrBreached(m.sla.frt),
  },
  {
    id: 'sla-resolution',
    drill: 'sla.resolution.breached',
    label: 'SLA resolution',
    meaning: 'Chats that met their resolution target, of those met or breached',
    value: (m) => m.sla.resolution.rate,
    format: formatRate,
    change: 'points',
    better: 'up',
    detail: (m) => metOrBreached(m.sla.resolution),
  },
  {
    id: 'utilization',
    label: 'Utilization',
    meaning: 'Online time spent holding at least one chat',
    value: (m) => m.agents.utilization,
    format: formatRate,
    change: 'points',
    better: 'none',
    detail: (m) => t('{hours} online', { hours: formatHours(m.agents.onlineSec) }),
  },
];
