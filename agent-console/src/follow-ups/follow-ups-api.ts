import type { FollowUpTimes, FollowUpView } from '../../../shared/protocol.ts';
import { request } from '../console-api.ts';
import { routes } from '../../../shared/api-routes.ts';

/** The console's calls to /api/follow-ups (issue 13). */
export const followUpsApi = {
  list: (status: 'open' | 'done') => request(routes.followUps, { query: { status } }).then((a) => a.followUps),
  openCount: () => request(routes.followUpCount).then((a) => a.open),
  complete: (id: string, note: string) =>
    request(routes.followUpDone, { params: { id }, body: { note } }).then((a) => a.followUp),
  times: (from: number, to: number) => request(routes.followUpTimes, { query: { from: String(from), to: String(to) } }),
};
