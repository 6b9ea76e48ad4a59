import type { SurveyKind, SurveyRecordView } from '../../shared/protocol.ts';
import { t } from './i18n.ts';

export function surveyName(kind: SurveyKind): string {
  return { csat: t('Satisfaction (CSAT)'), ces: t('Effort (CES)'), nps: t('Recommendation (NPS)') }[kind];
}

/** "4 / 5", "6 / 7", "9 / 10": the score on its own scale. */
export function scoreText(s: SurveyRecordView): string {
  return `${s.score} / ${s.scale}`;
}

/** Good, middling or poor, for the colour of the score (NPS promoters, CSAT 4–5, CES 5+ of 7). */
export function scoreTone(s: SurveyRecordView): 'good' | 'fair' | 'poor' {
  const score = s.score ?? 0;
  if (s.kind === 'nps') return score >= 9 ? 'good' : score >= 7 ? 'fair' : 'poor';
  const top = s.scale;
  if (score >= top - 1) return 'good';
  return score >= Math.ceil(top / 2) ? 'fair' : 'poor';
}

function statusText(s: SurveyRecordView): string {
  switch (s.status) {
    case 'sent':
      return t('sent, no answer yet');
    case 'skipped':
      return t('skipped');
    case 'expired':
      return t('expired unanswered');
    default:
      return '';
  }
}

/** A chat's survey results: scores with comments, and what is still pending or was skipped. */
export function RatingList({ surveys }: { surveys: SurveyRecordView[] }) {
  // A survey not yet put in front of the visitor is no news to the agent.
  const shown = surveys.filter((s) => s.status !== 'scheduled');
  if (shown.length === 0) return <p class="muted small">{t('No ratings yet.')}</p>;
  return (
    <ul class="ratings">
      {shown.map((s) => (
        <li key={s.id} class="rating">
          <span class="rating-kind">{surveyName(s.kind)}</span>{' '}
          {s.status === 'answered' && s.score !== null ? (
            <span class={`rating-score tone-${scoreTone(s)}`}>{scoreText(s)}</span>
          ) : (
            <span class="muted small">{statusText(s)}</span>
          )}{' '}
          {s.comment && <q class="rating-comment">{s.comment}</q>}
        </li>
      ))}
    </ul>
  );
}
