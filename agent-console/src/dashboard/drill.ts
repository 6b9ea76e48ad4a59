import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { MessageKey } from '../i18n.ts';

/**
 * Drill-down: which chats behind which figure the dashboard lists (GET /api/metrics/chats), and
 * which of them is open. Kept in the URL beside the view, so a link opens the same list.
 */

/** The keys of METRICS.md §3's /api/metrics/chats the dashboard opens, with their titles. */
export const drillTitles = {
  'chats.total': 'Chats',
  'chats.missed': 'Missed',
  'chats.open': 'Open chats',
  wait: 'Wait',
  frt: 'First response',
  resolution: 'Resolution',
  aht: 'Handle time',
  fcr: 'FCR',
  'sla.frt.breached': 'SLA first response breached',
  'sla.resolution.breached': 'SLA resolution breached',
  iqs: 'IQS',
} as const satisfies Record<string, MessageKey>;

export type DrillKey = keyof typeof drillTitles;

export const durationKeys: readonly DrillKey[] = ['wait', 'frt', 'resolution', 'aht'];

export interface Drill {
  key: DrillKey;
  /** A bucket of a series (UTC ISO instants); absent: the view's range. */
  from?: string;
  to?: string;
  /** Several buckets (`start/end`, UTC ISO instants): a cell of the weekday and hour heatmap. */
  buckets?: string[];
  /** A row of the per-agent table; absent: the view's agent filter. */
  agent?: string;
  /** The chat open from the list. */
  chat?: string;
}

const isKey = (k: string | null): k is DrillKey => k !== null && Object.hasOwn(drillTitles, k);
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function drillFromSearch(search: string): Drill | null {
  const params = new URLSearchParams(search);
  const key = params.get('drill');
  if (!isKey(key)) return null;
  const drill: Drill = { key };
  const from = params.get('drillFrom');
  const to = params.get('drillTo');
  if (from && to && INSTANT.test(from) && INSTANT.test(to) && from < to) Object.assign(drill, { from, to });
  const buckets = params.get('drillBuckets')?.split(',') ?? [];
  if (buckets.length && buckets.every((b) => b.split('/').length === 2 && b.split('/').every((x) => INSTANT.test(x)))) drill.buckets = buckets;
  const agent = params.get('drillAgent');
  if (agent) drill.agent = agent;
  const chat = params.get('chat');
  if (chat) drill.chat = chat;
  return drill;
}

/** The drill's part of the query string (after the view's), `` without one. */
export function searchOfDrill(drill: Drill | null): string {
  if (!drill) return '';
  const params = new URLSearchParams({ drill: drill.key });
  if (drill.from && drill.to) {
    params.set('drillFrom', drill.from);
    params.set('drillTo', drill.to);
  }
  if (drill.buckets) params.set('drillBuckets', drill.buckets.join(','));
  if (drill.agent) params.set('drillAgent', drill.agent);
  if (drill.chat) params.set('chat', drill.chat);
  return `&${params}`;
}

/** The queries of /api/metrics/chats for a drill on the view's metrics query: one per bucket. */
export function drillQueries(viewParams: URLSearchParams, drill: Drill, limit: number): URLSearchParams[] {
  if (!drill.buckets) return [drillParams(viewParams, drill, limit)];
  return drill.buckets.map((b) => {
    const [from, to] = b.split('/') as [string, string];
    return drillParams(viewParams, { ...drill, buckets: undefined, from, to }, limit);
  });
}

function drillParams(viewParams: URLSearchParams, drill: Drill, limit: number): URLSearchParams {
  const params = new URLSearchParams(viewParams);
  params.delete('bucket');
  params.set('key', drill.key);
  if (drill.from && drill.to) {
    params.set('from', drill.from);
    params.set('to', drill.to);
  }
  if (drill.agent) params.set('agent', drill.agent);
  params.set('limit', String(limit));
  return params;
}

/** Opens a drill from anywhere on the dashboard (a tile, a chart, the agents table). */
export const DrillContext = createContext<(drill: Drill) => void>(() => {});
export const useDrill = () => useContext(DrillContext);
