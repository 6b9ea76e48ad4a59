import type { SurveyCommentView, SurveyKind } from '../../../shared/protocol.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { AgentReportRow, Metrics, MetricsSeries } from './metrics-types.ts';

// Calls of the dashboard: the metrics API of METRICS.md §3 and the lists its filters offer.
// The console's session cookie authenticates them.

/**
 * A failed call, with a sentence to show in place of the numbers: `message` is the English one,
 * `describe()` says it in the console's language of the moment.
 */
export class DashboardRequestError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params?: Record<string, string | number>,
  ) {
    super(t(key, params, 'en'));
  }

  describe(): string {
    return t(this.key, this.params);
  }
}

async function getJson<T>(path: string, params: URLSearchParams | null, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(params ? `${path}?${params}` : path, { credentials: 'same-origin', signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new DashboardRequestError('Cannot reach the server. Check your connection and try again.');
  }
  if (res.ok) return (await res.json()) as T;
  if (res.status === 401) throw new DashboardRequestError('Your session has ended. Sign in again.');
  if (res.status === 403) throw new DashboardRequestError('Only admins and owners can see the metrics.');
  let reason: string | null = null;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') reason = body.error;
  } catch {
    // Not JSON: the status alone has to do.
  }
  throw reason
    ? new DashboardRequestError('The server refused: {reason}', { reason })
    : new DashboardRequestError('The server answered with error {status}.', { status: res.status });
}

export function fetchMetrics(params: URLSearchParams, signal?: AbortSignal): Promise<Metrics> {
  return getJson('/api/metrics', params, signal);
}

export function fetchSeries(params: URLSearchParams, signal?: AbortSignal): Promise<MetricsSeries> {
  return getJson('/api/metrics/series', params, signal);
}

export async function fetchAgentReport(params: URLSearchParams, signal?: AbortSignal): Promise<AgentReportRow[]> {
  return (await getJson<{ agents: AgentReportRow[] }>('/api/metrics/agents', params, signal)).agents;
}

/** Newest answered surveys with a comment, answered in [from, before) (epoch ms), of chats matching the filters. */
export async function fetchSurveyComments(
  q: { kind: SurveyKind | null; from: number; before: number; limit: number; filters: Record<string, string | undefined> },
  signal?: AbortSignal,
): Promise<SurveyCommentView[]> {
  const params = new URLSearchParams({ from: String(q.from), before: String(q.before), limit: String(q.limit) });
  if (q.kind) params.set('kind', q.kind);
  for (const [key, value] of Object.entries(q.filters)) if (value) params.set(key, value);
  return (await getJson<{ comments: SurveyCommentView[] }>('/api/surveys/comments', params, signal)).comments;
}

export interface NamedOption {
  id: string;
  name: string;
}

export async function fetchAgentOptions(signal?: AbortSignal): Promise<NamedOption[]> {
  const { agents } = await getJson<{ agents: NamedOption[] }>('/api/agents', null, signal);
  return agents.map(({ id, name }) => ({ id, name }));
}

export async function fetchDepartmentOptions(signal?: AbortSignal): Promise<NamedOption[]> {
  const { departments } = await getJson<{ departments: NamedOption[] }>('/api/departments', null, signal);
  return departments.map(({ id, name }) => ({ id, name }));
}

const CSV_PATHS = { summary: '/api/metrics.csv', agents: '/api/metrics/agents.csv', chats: '/api/chats.csv' } as const;

/** Where the CSV of the summary, of the per-agent report or of the chats (a row each) downloads, for the same query. */
export function csvHref(report: keyof typeof CSV_PATHS, params: URLSearchParams): string {
  return `${CSV_PATHS[report]}?${params}`;
}

export interface ChatBehind {
  chatId: string;
  visitorId: string;
  agentId: string | null;
  startedAt: string;
  value: number | boolean | null;
}

/** The chats behind a figure (METRICS.md §3, /api/metrics/chats). */
export function fetchChatsBehind(params: URLSearchParams, signal?: AbortSignal): Promise<{ key: string; total: number; chats: ChatBehind[] }> {
  return getJson('/api/metrics/chats', params, signal);
}
