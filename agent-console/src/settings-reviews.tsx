import { useEffect, useState } from 'preact/hooks';
import type { CriterionKind, ScorecardView } from '../../shared/review-schemas.ts';
import { MAX_CRITERIA, MAX_REVIEWS_PER_AGENT_PER_WEEK } from '../../shared/review-limits.ts';
import { t } from './i18n.ts';
import { Field, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';
import { reviewsApi } from './reviews/reviews-api.ts';

/** A criterion as the editor holds it: the weight as typed, `key` to keep rows apart before they have an id. */
interface CriterionDraft {
  key: string;
  id?: string;
  label: string;
  weight: string;
  kind: CriterionKind;
}

let drafts = 0;
const draftOf = (c: { id?: string; label: string; weight: number; kind: CriterionKind }): CriterionDraft => ({
  key: c.id ?? `new-${++drafts}`,
  id: c.id,
  label: c.label,
  weight: String(c.weight),
  kind: c.kind,
});

/** A weight as typed; what is not a number goes as -1, so that the server names the field. */
function weightOf(typed: string): number {
  const n = Number(typed.trim().replace(',', '.'));
  return typed.trim() && Number.isFinite(n) ? n : -1;
}

/** The scorecard of quality reviews (IQS) and how many chats per agent the to-review list samples. */
export function ReviewsSection() {
  const [active, setActive] = useState<CriterionDraft[] | null>(null);
  const [archived, setArchived] = useState<CriterionDraft[]>([]);
  const [perWeek, setPerWeek] = useState('2');
  const [loadError, setLoadError] = useState<string | null>(null);
  const save = useSave();

  const show = (card: ScorecardView) => {
    setActive(card.criteria.filter((c) => !c.archived).map(draftOf));
    setArchived(card.criteria.filter((c) => c.archived).map(draftOf));
    setPerWeek(String(card.reviewsPerAgentPerWeek));
  };
  const load = () => {
    setLoadError(null);
    reviewsApi.scorecard().then(show, (err: Error) => setLoadError(err.message));
  };
  useEffect(load, []);

  if (!active) {
    return (
      <Section id="reviews" title={t('Quality reviews')}>
        <Loading error={loadError} onRetry={load} />
      </Section>
    );
  }

  const change = (i: number, patch: Partial<CriterionDraft>) => setActive(active.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...active];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setActive(next);
  };
  const archive = (i: number) => {
    const c = active[i]!;
    setActive(active.filter((_, j) => j !== i));
    // A criterion never saved has no reviews to keep it for.
    if (c.id) setArchived([...archived, c]);
  };
  const restore = (c: CriterionDraft) => {
    setArchived(archived.filter((a) => a.key !== c.key));
    setActive([...active, c]);
  };

  async function submit(e: Event) {
    e.preventDefault();
    await save.run(async () => {
      const toCriterion = (c: CriterionDraft, isArchived: boolean) => ({ ...(c.id ? { id: c.id } : {}), label: c.label, weight: weightOf(c.weight), kind: c.kind, archived: isArchived });
      const n = Number(perWeek);
      show(
        await reviewsApi.saveScorecard({
          criteria: [...active!.map((c) => toCriterion(c, false)), ...archived.map((c) => toCriterion(c, true))],
          reviewsPerAgentPerWeek: perWeek.trim() && Number.isFinite(n) ? n : -1,
        }),
      );
    });
  }

  return (
    <Section
      id="reviews"
      title={t('Quality reviews')}
      intro={t('The scorecard admins and owners review chats on. A review’s score is the weighted mean of its answers: yes is 100%, no 0%, 1–5 from 0% to 100%; n.a. is left out. Changing the scorecard never changes the scores of reviews already made.')}
    >
      <form class="settings-form" onSubmit={(e) => void submit(e)} aria-label={t('Scorecard')}>
        {active.length === 0 && <p class="muted">{t('No criteria yet: add the first one.')}</p>}
        <ol class="criterion-rows" aria-label={t('Criteria')}>
          {active.map((c, i) => (
            <li key={c.key} class="criterion-row">
              <div class="field-label-grow">
                <Field label={t('Criterion {n}', { n: i + 1 })} error={save.errorFor(`criteria.${i}.label`)}>
                  {(f) => <input class="input" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={c.label} maxLength={200} onInput={(e) => change(i, { label: e.currentTarget.value })} />}
                </Field>
              </div>
              <Field label={t('Weight')} error={save.errorFor(`criteria.${i}.weight`)}>
                {(f) => <input class="input input-narrow" id={f.id} inputMode="decimal" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={c.weight} onInput={(e) => change(i, { weight: e.currentTarget.value })} />}
              </Field>
              <Field label={t('Answer')} error={save.errorFor(`criteria.${i}.kind`)}>
                {(f) => (
                  <select class="select" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={c.kind} onChange={(e) => change(i, { kind: e.currentTarget.value as CriterionKind })}>
                    <option value="yes_no">{t('Yes / no / n.a.')}</option>
                    <option value="scale">{t('1–5 / n.a.')}</option>
                  </select>
                )}
              </Field>
              <div class="row-actions">
                <button type="button" class="button button-small" disabled={i === 0} aria-label={t('Move {label} up', { label: c.label || t('Criterion {n}', { n: i + 1 }) })} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" class="button button-small" disabled={i === active.length - 1} aria-label={t('Move {label} down', { label: c.label || t('Criterion {n}', { n: i + 1 }) })} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" class="button button-small button-danger-quiet" aria-label={t('Remove {label}', { label: c.label || t('Criterion {n}', { n: i + 1 }) })} onClick={() => archive(i)}>
                  {t('Remove')}
                </button>
              </div>
            </li>
          ))}
        </ol>
        <div>
          <button type="button" class="button" disabled={active.length + archived.length >= MAX_CRITERIA} onClick={() => setActive([...active, draftOf({ label: '', weight: 1, kind: 'yes_no' })])}>
            {t('Add criterion')}
          </button>
        </div>
        {archived.length > 0 && (
          <div>
            <h3 class="form-title">{t('Removed criteria')}</h3>
            <p class="muted small">{t('Kept because earlier reviews answered them; not asked in new reviews.')}</p>
            <ul class="plain-list">
              {archived.map((c) => (
                <li key={c.key}>
                  {c.label}{' '}
                  <button type="button" class="link-button" aria-label={t('Put {label} back', { label: c.label })} onClick={() => restore(c)}>
                    {t('Put back')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <Field label={t('Chats to review per agent per week')} error={save.errorFor('reviewsPerAgentPerWeek')} hint={t('The Reviews page picks this many of each agent’s closed chats every week, the same for every reviewer; 0 picks none.')}>
          {(f) => (
            <input class="input input-narrow" id={f.id} type="number" min={0} max={MAX_REVIEWS_PER_AGENT_PER_WEEK} step={1} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={perWeek} onInput={(e) => setPerWeek(e.currentTarget.value)} />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
            {t('Save scorecard')}
          </button>
          <SaveStatus state={save.state} />
        </div>
      </form>
    </Section>
  );
}
