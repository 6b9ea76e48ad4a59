import { useState } from 'preact/hooks';
import type { CriterionAnswer, CriterionView, ReviewAnswerView, ReviewView } from '../../../shared/review-schemas.ts';
import { MAX_REVIEW_COMMENT_LENGTH } from '../../../shared/review-limits.ts';
import { dateLocale, t } from '../i18n.ts';
import { SaveStatus, useSave } from '../settings-kit.tsx';
import { reviewsApi } from './reviews-api.ts';

const SCALE = [1, 2, 3, 4, 5] as const;

/** What a stored answer was given as, to fill the form again when its reviewer changes it. */
function givenAnswer(a: ReviewAnswerView): CriterionAnswer {
  if (a.answer === null) return 'na';
  if (a.kind === 'scale') return a.answer;
  return a.answer === 1 ? 'yes' : 'no';
}

/** The scorecard to fill in for one chat: a new review, or the reviewer's own one again. */
export function ReviewForm(props: { chatId: string; criteria: CriterionView[]; mine: ReviewView | null; onSaved: (review: ReviewView) => void; onCancel?: () => void }) {
  const asked = props.criteria.filter((c) => !c.archived);
  const [answers, setAnswers] = useState<Record<string, CriterionAnswer>>(() =>
    Object.fromEntries((props.mine?.answers ?? []).filter((a) => asked.some((c) => c.id === a.criterionId)).map((a) => [a.criterionId, givenAnswer(a)])),
  );
  const [comment, setComment] = useState(props.mine?.comment ?? '');
  const save = useSave();
  const unanswered = asked.filter((c) => answers[c.id] === undefined);

  async function submit(e: Event) {
    e.preventDefault();
    await save.run(async () => {
      const body = { answers: asked.map((c) => ({ criterionId: c.id, answer: answers[c.id]! })), comment: comment.trim() || null };
      props.onSaved(props.mine ? await reviewsApi.change(props.mine.id, body) : await reviewsApi.create(props.chatId, body));
    });
  }

  if (asked.length === 0) return <p class="muted">{t('The scorecard has no criteria yet: an owner or admin defines them in Settings → Quality reviews.')}</p>;
  return (
    <form class="review-form" onSubmit={(e) => void submit(e)} aria-label={t('Scorecard')}>
      {asked.map((c) => (
        <fieldset key={c.id} class="review-criterion">
          <legend>
            {c.label} <span class="muted small">{t('weight {weight}', { weight: c.weight })}</span>
          </legend>
          <div class="review-choices">
            {(c.kind === 'yes_no' ? (['yes', 'no'] as const) : SCALE).map((value) => (
              <Choice key={value} name={`${props.chatId}-${c.id}`} value={value} checked={answers[c.id] === value} onPick={() => setAnswers({ ...answers, [c.id]: value })} />
            ))}
            <Choice name={`${props.chatId}-${c.id}`} value="na" checked={answers[c.id] === 'na'} onPick={() => setAnswers({ ...answers, [c.id]: 'na' })} />
          </div>
        </fieldset>
      ))}
      <label class="review-comment">
        {t('Comment for the agent')}
        <textarea class="input" value={comment} maxLength={MAX_REVIEW_COMMENT_LENGTH} onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving' || unanswered.length > 0}>
          {props.mine ? t('Save review') : t('Submit review')}
        </button>
        {props.onCancel && (
          <button type="button" class="button button-quiet" onClick={props.onCancel}>
            {t('Cancel')}
          </button>
        )}
        {unanswered.length > 0 && <span class="muted small">{t('Answer every criterion (n.a. when it does not apply).')}</span>}
        <SaveStatus state={save.state} />
      </div>
    </form>
  );
}

function Choice(props: { name: string; value: CriterionAnswer; checked: boolean; onPick: () => void }) {
  return (
    <label class={`review-choice ${props.checked ? 'review-choice-picked' : ''}`}>
      <input type="radio" name={props.name} checked={props.checked} onChange={props.onPick} />
      {answerText(props.value)}
    </label>
  );
}

function answerText(a: CriterionAnswer): string {
  if (a === 'yes') return t('Yes');
  if (a === 'no') return t('No');
  if (a === 'na') return t('n.a.');
  return String(a);
}

/** A score in [0, 1] as the percentage reviewers and agents read, coloured by how good it is. */
export function ScoreBadge(props: { score: number }) {
  const level = props.score >= 0.8 ? 'good' : props.score >= 0.5 ? 'fair' : 'low';
  return <span class={`review-score review-score-${level}`}>{t('Score {percent}%', { percent: Math.round(props.score * 100) })}</span>;
}

/** One review as its agent and the other reviewers read it: score, every answer, the comment. */
export function ReviewCard(props: { review: ReviewView; headingLevel?: 2 | 3 | 4; onEdit?: () => void; onOpenChat?: () => void }) {
  const r = props.review;
  const when = (ms: number) => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  const Heading = (['h2', 'h3', 'h4'] as const)[(props.headingLevel ?? 3) - 2]!;
  return (
    <article class="review-card" aria-label={t('Review by {name}', { name: r.reviewer.name })}>
      <div class="review-card-head">
        <ScoreBadge score={r.score} />
        <Heading class="review-card-title">{t('Review by {name}', { name: r.reviewer.name })}</Heading>
        <span class="muted small">{when(r.at)}</span>
      </div>
      <p class="muted small">
        {r.agent ? t('Chat of {date} with {name}', { date: when(r.chatStartedAt), name: r.agent.name }) : t('Chat of {date}', { date: when(r.chatStartedAt) })}
        {props.onOpenChat && (
          <>
            {' · '}
            <button type="button" class="link-button" onClick={props.onOpenChat}>
              {t('Read the chat')}
            </button>
          </>
        )}
      </p>
      {r.answers ? (
        <dl class="review-answers">
          {r.answers.map((a) => (
            <div key={a.criterionId} class="review-answer">
              <dt>{a.label}</dt>
              <dd>{a.answer === null ? t('n.a.') : a.kind === 'scale' ? t('{value} of 5', { value: a.answer }) : a.answer === 1 ? t('Yes') : t('No')}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p class="muted small">{t('Imported: only the score is known.')}</p>
      )}
      {r.comment ? <blockquote class="review-comment-text">{r.comment}</blockquote> : <p class="muted small">{t('No comment.')}</p>}
      {props.onEdit && (
        <button type="button" class="button button-small" onClick={props.onEdit}>
          {t('Change my review')}
        </button>
      )}
    </article>
  );
}
