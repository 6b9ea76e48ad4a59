import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { visitorLabel } from '../inbox-state.ts';
import type { SurveyCommentView, SurveyKind } from '../../../shared/protocol.ts';
import { Panel } from './chart-panels.tsx';
import { localeOf } from './format.ts';
import { fetchSurveyComments } from './metrics-api.ts';
import { useRequest } from './use-request.ts';

const LIMIT = 100;
const kindLabels: Record<SurveyKind, string> = { csat: 'CSAT', ces: 'CES', nps: 'NPS' };

/** good / so-so / poor, by the same cut-offs the metrics use (CSAT 4+, CES easy, NPS 9+ / 0–6). */
export function scoreTone(c: Pick<SurveyCommentView, 'kind' | 'scale' | 'score'>): 'good' | 'neutral' | 'bad' {
  const s = c.score ?? 0;
  if (c.kind === 'nps') return s >= 9 ? 'good' : s >= 7 ? 'neutral' : 'bad';
  const easy = c.kind === 'ces' && c.scale === 7 ? 5 : 4;
  return s >= easy ? 'good' : s >= easy - 1 ? 'neutral' : 'bad';
}

/**
 * Survey comments answered in the range, newest first, of the chats matching the dashboard's
 * filters (the same scope as the survey metrics: the chat's agent is its last assignment).
 */
export function SurveyComments(props: {
  /** The range as instants, once known; null while the range is being resolved. */
  range: { from: number; to: number } | null;
  /** Why the range could not be resolved, if it could not. */
  rangeError: string | null;
  /** The dashboard's filters (agent, department, tag, channel, priority). */
  filters: Record<string, string | undefined>;
  tz: string;
}) {
  const [kind, setKind] = useState<SurveyKind | null>(null);
  const { range, filters } = props;
  const key = range ? `${range.from}|${range.to}|${kind}|${JSON.stringify(filters)}` : null;
  const comments = useRequest(key, (signal) =>
    fetchSurveyComments({ kind, from: range!.from, before: range!.to, limit: LIMIT, filters }, signal),
  );
  const shown = range && comments.data ? comments.data : [];
  const when = new Intl.DateTimeFormat(localeOf(), {
    timeZone: props.tz,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const full = comments.data?.length === LIMIT && shown.length > 0;
  return (
    <Panel
      title="Survey comments"
      wide
      loading={comments.loading || (!range && !props.rangeError)}
      error={props.rangeError ?? comments.error}
      hasData={!!range && !!comments.data}
      empty={comments.data && shown.length === 0 ? t('No comments in this range.') : null}
      aside={
        <label class="inline-field">
          <span>{t('Survey')}</span>
          <select value={kind ?? ''} onChange={(e) => setKind((e.currentTarget.value || null) as SurveyKind | null)}>
            <option value="">{t('All')}</option>
            {(Object.keys(kindLabels) as SurveyKind[]).map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {full && <p class="panel-note">{t('The latest {count} comments.', { count: LIMIT })}</p>}
      <ul class="comments">
        {shown.map((c) => (
          <li key={c.id} class="comment">
            <span
              class={`score score-${scoreTone(c)}`}
              title={t('{kind} score {score} of {scale}', {
                kind: kindLabels[c.kind],
                score: c.score ?? '',
                scale: c.kind === 'nps' ? 10 : c.scale,
              })}
            >
              <span class="score-kind">{kindLabels[c.kind]}</span>
              <strong>{c.score}</strong>
              <span class="score-scale">/{c.kind === 'nps' ? 10 : c.scale}</span>
            </span>
            <div class="comment-body">
              <p class="comment-text">{c.comment}</p>
              <p class="comment-meta">
                {visitorLabel({ visitorName: c.visitorName, visitorEmail: null, visitorId: c.visitorId })}
                {c.agent && ` · ${t('chat with {name}', { name: c.agent.name })}`} · {when.format(new Date(c.answeredAt!))}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
