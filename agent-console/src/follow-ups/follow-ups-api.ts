import type { FollowUpTimes, FollowUpView } from '../../../shared/protocol.ts';
import { api } from '../console-api.ts';

/** The console's calls to /api/follow-ups (issue 13). */
export const followUpsApi = {
  list: (status: 'open' | 'done') => api.get<{ followUps: FollowUpView[] }>(`/follow-ups?status=${status}`).then((a) => a.followUps),
  openCount: () => api.get<{ open: number }>('/follow-ups/count').then((a) => a.open),
  complete: (id: string, note: string) =>
    api.post<{ followUp: FollowUpView }>(`/follow-ups/${encodeURIComponent(id)}/done`, { note }).then((a) => a.followUp),
  times: (from: number, to: number) => api.get<FollowUpTimes>(`/follow-ups/times?from=${from}&to=${to}`),
};
