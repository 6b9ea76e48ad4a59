import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SurveyEntry } from './survey-session.ts';
import { surveyWords, type SurveyWords } from './survey-words.ts';

/**
 * MAX_SURVEY_COMMENT_LENGTH of shared/survey-schemas.ts, written out: importing that module
 * would bring zod into the widget.
 */
const COMMENT_MAX_LENGTH = 2000;

interface Props {
  entry: SurveyEntry;
  onAnswer(score: number, comment: string): void;
  onSkip(): void;
  /** Take the focus on appearing: it replaces the form the visitor has just used. */
  focusOnMount?: boolean;
}

export function problemText(entry: SurveyEntry, t: SurveyWords): string | null {
  if (entry.problem === 'not-saved') return t.notSaved;
  if (entry.problem === 'closed') return t.closed;
  if (entry.problem === 'answered-elsewhere') return t.answeredElsewhere;
  return null;
}

/**
 * One survey: a group named by its question, options named by their number, an optional
 * comment, Submit and Skip. Submit does nothing until a score is chosen, and nothing more
 * while the answer is on its way.
 */
export function SurveyForm({ entry, onAnswer, onSkip, focusOnMount }: Props) {
  const { survey, saving } = entry;
  const t = surveyWords(survey.language);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const group = useRef<HTMLFieldSetElement>(null);
  const id = `parley-survey-${survey.id}`;
  const problem = problemText(entry, t);

  useLayoutEffect(() => {
    // The window scrolls the survey into view itself; focus must not scroll the host page.
    if (focusOnMount) group.current?.focus({ preventScroll: true });
  }, []);

  const scores: number[] = [];
  for (let n = survey.min; n <= survey.max; n++) scores.push(n);

  const submit = (event: Event) => {
    event.preventDefault();
    if (score === null || saving) return;
    onAnswer(score, comment);
  };

  return (
    <form class={`survey survey-${survey.kind}`} onSubmit={submit} noValidate>
      <fieldset ref={group} tabIndex={-1} aria-describedby={problem ? `${id}-problem` : undefined}>
        <legend class="question">{survey.question}</legend>
        <div class="scale" style={{ '--options': scores.length }}>
          {scores.map((n) => (
            <label key={n} class="option">
              <input
                type="radio"
                name={`${id}-score`}
                value={n}
                checked={score === n}
                onChange={() => setScore(n)}
              />
              <span>{n}</span>
            </label>
          ))}
        </div>
        <p class="scale-ends">
          <span>{survey.lowLabel}</span>
          <span>{survey.highLabel}</span>
        </p>
        <label class="comment-label" id={`${id}-prompt`} for={`${id}-comment`}>
          {survey.commentPrompt ?? t.comment}
        </label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          maxLength={COMMENT_MAX_LENGTH}
          // The NPS shows its reason question over the box; its name stays the one all surveys share.
          aria-label={survey.commentPrompt ? t.comment : undefined}
          aria-describedby={survey.commentPrompt ? `${id}-prompt` : undefined}
          placeholder={t.optional}
          value={comment}
          onInput={(event) => setComment(event.currentTarget.value)}
        />
        {problem && (
          <p class="survey-problem" id={`${id}-problem`} role="alert">
            {problem}
          </p>
        )}
        <div class="survey-actions">
          <button type="submit" class="survey-submit" aria-disabled={score === null || saving || undefined}>
            {t.submit}
          </button>
          {saving && <span class="survey-saving">{t.saving}</span>}
          <button type="button" class="survey-skip" onClick={onSkip} aria-disabled={saving || undefined}>
            {t.skip}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** A survey answered from this window, with the score the server keeps. */
export function RecordedAnswer({ entry }: { entry: SurveyEntry }) {
  const { survey } = entry;
  const t = surveyWords(survey.language);
  const score = survey.score ?? 0;
  return (
    <p class="survey-recorded">
      <span class="check" aria-hidden="true" />
      <span>
        <span class="recorded-question">{survey.question}</span>
        <strong>{entry.alreadyRecorded ? t.alreadyRecorded(score, survey.max) : t.answer(score, survey.max)}</strong>
      </span>
    </p>
  );
}
