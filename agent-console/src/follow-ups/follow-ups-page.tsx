import { useEffect, useState } from 'preact/hooks';
import type { FollowUpTimes, FollowUpView, PastChat } from '../../../shared/protocol.ts';
import { dateLocale, t } from '../i18n.ts';
import { useInboxState } from '../inbox-context.ts';
import { visitorLabel } from '../inbox-state.ts';
import { TranscriptDialog } from '../transcript-dialog.tsx';
import { formatDuration } from '../dashboard/format.ts';
import { followUpsApi } from './follow-ups-api.ts';
import { useFollowUpsChanged } from './use-follow-ups-changed.ts';
import { SegmentedChoice } from '../segmented-choice.tsx';

const DAY_MS = 24 * 3600 * 1000;

/** Bad survey answers to get back to the visitor about (issue 13), and for admins their times. */
export function FollowUpsPage() {
  const role = useInboxState().me?.role;
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const [items, setItems] = useState<FollowUpView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const load = () => setReload((n) => n + 1);
  useFollowUpsChanged(load);
  useLoad(() => followUpsApi.list(status), [status, reload], setItems, setError);

  return (
    <main class="page">
      <div class="page-body follow-ups">
        <h1 class="page-title">{t('Follow-ups')}</h1>
        <p class="muted">{t('A detractor NPS (0–6) or a CSAT of 1–2 asks the chat\'s agent to get back to the visitor.')}</p>
        <SegmentedChoice
          label={t('follow-ups filter::Show')}
          options={[
            { value: 'open', label: t('follow-ups filter::Open') },
            { value: 'done', label: t('follow-ups filter::Done') },
          ]}
          value={status}
          onChange={setStatus}
        />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {items && items.length === 0 && <p class="muted">{status === 'open' ? t('No open follow-ups.') : t('No follow-ups done yet.')}</p>}
        <ul class="follow-up-list" aria-label={t('Follow-ups')}>
          {items?.map((f) => <FollowUpCard key={f.id} followUp={f} onDone={load} />)}
        </ul>
        {(role === 'admin' || role === 'owner') && <FollowUpTimesPanel reload={reload} />}
      </div>
    </main>
  );
}

function FollowUpCard(props: { followUp: FollowUpView; onDone: () => void }) {
  const f = props.followUp;
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const when = (ms: number) => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  const score = f.kind === 'nps' ? t('NPS {score} of 10', { score: f.score }) : t('CSAT {score} of {scale}', { score: f.score, scale: f.scale });
  // The email is shown beside the name, as a link.
  const visitor = visitorLabel({ visitorName: f.visitor.name, visitorEmail: null, visitorId: f.visitor.id });

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await followUpsApi.complete(f.id, note);
      setWriting(false);
      props.onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const past: PastChat = { id: f.chatId, startedAt: f.chatStartedAt, closedAt: null, channel: 'widget', agent: f.agent, messageCount: 0 };

  return (
    <li class={`follow-up ${f.doneAt === null ? 'follow-up-open' : 'follow-up-done'}`} aria-label={t('Follow-up: {score}, {visitor}', { score, visitor })}>
      <div class="follow-up-head">
        <span class={`score-badge score-${f.kind === 'nps' ? (f.score <= 3 ? 'bad' : 'poor') : f.score === 1 ? 'bad' : 'poor'}`}>{score}</span>
        <strong>{visitor}</strong>
        {f.visitor.email && <a href={`mailto:${f.visitor.email}`}>{f.visitor.email}</a>}
        <span class="muted small">{t('Answered {date}', { date: when(f.answeredAt) })}</span>
      </div>
      {f.comment ? <blockquote class="follow-up-comment">{f.comment}</blockquote> : <p class="muted small">{t('No comment.')}</p>}
      <p class="muted small">
        {f.agent ? t('For {name}', { name: f.agent.name }) : t('For the department\'s queue')} ·{' '}
        <button type="button" class="link-button" onClick={() => setReading(true)}>
          {t('Chat of {date}', { date: when(f.chatStartedAt) })}
        </button>
      </p>
      {f.doneAt !== null && (
        <p class="follow-up-note">
          {t('Done by {name}, {date}', { name: f.doneBy?.name ?? '—', date: when(f.doneAt) })}: {f.note}
        </p>
      )}
      {f.mayComplete && !writing && (
        <button type="button" class="button" onClick={() => setWriting(true)}>
          {t('Mark done')}
        </button>
      )}
      {writing && (
        <form class="follow-up-form" onSubmit={(e) => void save(e)}>
          <label>
            {t('What did you do?')}
            <textarea value={note} maxLength={2000} required onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <div class="form-actions">
            <button type="submit" class="button button-primary">
              {t('Mark done')}
            </button>
            <button type="button" class="button button-quiet" onClick={() => setWriting(false)}>
              {t('Cancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {reading && <TranscriptDialog past={past} visitorName={f.visitor.name} onClose={() => setReading(false)} />}
    </li>
  );
}

/** Follow-up time (made → done) per agent over the last 30 days: not a metric, so not on the dashboard. */
function FollowUpTimesPanel(props: { reload: number }) {
  const [times, setTimes] = useState<FollowUpTimes | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLoad(
    () => {
      const to = Date.now();
      return followUpsApi.times(to - 30 * DAY_MS, to);
    },
    [props.reload],
    setTimes,
    setError,
  );
  return (
    <section class="follow-up-times" aria-labelledby="follow-up-times-title">
      <h2 id="follow-up-times-title" class="panel-heading">
        {t('Follow-up time per agent, last 30 days')}
      </h2>
      {error && <p class="form-error">{error}</p>}
      {times && (
        <table class="settings-table">
          <thead>
            <tr>
              <th scope="col">{t('Agent')}</th>
              <th scope="col">{t('follow-ups count::Done')}</th>
              <th scope="col">{t('Mean')}</th>
              <th scope="col">{t('Median')}</th>
              <th scope="col">{t('follow-ups count::Open')}</th>
            </tr>
          </thead>
          <tbody>
            {times.agents.map((a) => (
              <tr key={a.agent?.id ?? 'queue'}>
                <th scope="row">{a.agent?.name ?? t('Department queues')}</th>
                <td>{a.done}</td>
                <td>{formatDuration(a.meanSec)}</td>
                <td>{formatDuration(a.medianSec)}</td>
                <td>{a.open}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Loads `fetch` whenever `deps` change; an answer that arrives after a newer request is dropped. */
function useLoad<T>(fetch: () => Promise<T>, deps: unknown[], set: (v: T) => void, fail: (e: string | null) => void) {
  const [seq] = useState(() => ({ n: 0 }));
  useEffect(() => {
    const mine = ++seq.n;
    fetch().then(
      (v) => {
        if (mine !== seq.n) return;
        set(v);
        fail(null);
      },
      (err: Error) => mine === seq.n && fail(err.message),
    );
  }, deps);
}
