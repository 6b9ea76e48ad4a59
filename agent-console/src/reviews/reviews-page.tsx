import { useEffect, useState } from 'preact/hooks';
import type { AgentRef, PastChat } from '../../../shared/protocol.ts';
import type { ChatToReview, ReviewView } from '../../../shared/review-schemas.ts';
import { request } from '../console-api.ts';
import { routes } from '../../../shared/api-routes.ts';
import { dateLocale, t, tn } from '../i18n.ts';
import { useInboxState } from '../inbox-context.ts';
import { visitorLabel } from '../inbox-state.ts';
import { TranscriptDialog } from '../transcript-dialog.tsx';
import { formatDuration } from '../waiting-time.ts';
import { ReviewCard } from './review-form.tsx';
import { reviewsApi } from './reviews-api.ts';
import { SegmentedChoice } from '../segmented-choice.tsx';

/** The chat being read. */
interface Reading {
  past: PastChat;
  visitorName: string | null;
  reviewing: boolean;
}

const when = (ms: number) => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

/**
 * Quality reviews (IQS): admins and owners work through the chats sampled for them and read
 * the reviews made; an agent reads the reviews of their own chats.
 */
export function ReviewsPage() {
  const role = useInboxState().me?.role;
  const reviewer = role === 'admin' || role === 'owner';
  const [tab, setTab] = useState<'to-review' | 'reviews'>('to-review');
  const [reading, setReading] = useState<Reading | null>(null);
  const [reload, setReload] = useState(0);

  function open(chatId: string, past: Omit<PastChat, 'id' | 'messageCount' | 'channel'>, visitorName: string | null, reviewing: boolean) {
    setReading({ past: { id: chatId, channel: 'widget', messageCount: 0, ...past }, visitorName, reviewing });
  }

  const showing = reviewer ? tab : 'reviews';
  return (
    <main class="page">
      <div class="page-body reviews-page">
        <h1 class="page-title">{reviewer ? t('Quality reviews') : t('My reviews')}</h1>
        {reviewer && (
          <SegmentedChoice
            label={t('Show')}
            options={[
              { value: 'to-review', label: t('To review') },
              { value: 'reviews', label: t('Reviews made') },
            ]}
            value={tab}
            onChange={setTab}
          />
        )}
        {showing === 'to-review' ? (
          <ToReviewList reload={reload} onReview={(c) => open(c.chatId, { startedAt: c.startedAt, closedAt: c.closedAt, agent: c.agent }, c.visitor.name, true)} />
        ) : (
          <ReviewList
            reload={reload}
            mine={!reviewer}
            onOpenChat={(r) => open(r.chatId, { startedAt: r.chatStartedAt, closedAt: null, agent: r.agent }, r.visitorName, false)}
          />
        )}
      </div>
      {reading && (
        <TranscriptDialog
          past={reading.past}
          visitorName={reading.visitorName}
          startReviewing={reading.reviewing}
          onReviewed={() => setReload((n) => n + 1)}
          onClose={() => setReading(null)}
        />
      )}
    </main>
  );
}

function ToReviewList(props: { reload: number; onReview: (chat: ChatToReview) => void }) {
  const [sample, setSample] = useState<Awaited<ReturnType<typeof reviewsApi.toReview>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    reviewsApi.toReview().then(
      (s) => live && (setSample(s), setError(null)),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [props.reload]);

  if (error) return <p class="form-error">{error}</p>;
  if (!sample) return <p class="muted">{t('Loading…')}</p>;
  return (
    <section aria-labelledby="to-review-title">
      <h2 id="to-review-title" class="panel-heading">
        {t('To review')}
      </h2>
      <p class="muted">
        {tn('one: {count} closed chat per agent each week ({weeks}), picked the same way for every reviewer. Chats you reviewed leave the list. | other: {count} closed chats per agent each week ({weeks}), picked the same way for every reviewer. Chats you reviewed leave the list.', sample.reviewsPerAgentPerWeek, {
          weeks: sample.weeks.join(', '),
        })}
      </p>
      {sample.chats.length === 0 ? (
        <p class="muted">{t('Nothing to review right now: no other agent’s closed chat of these weeks waits for you.')}</p>
      ) : (
        <ul class="review-list" aria-label={t('Chats to review')}>
          {sample.chats.map((c) => {
            const visitor = visitorLabel({ visitorName: c.visitor.name, visitorEmail: null, visitorId: c.visitor.id });
            return (
              <li key={c.chatId} class="review-card">
                <div class="review-card-head">
                  <strong>{c.agent.name}</strong>
                  <span>{visitor}</span>
                  <span class="muted small">{c.week}</span>
                </div>
                <p class="muted small">
                  {t('Started {date}', { date: when(c.startedAt) })} · {t('Lasted {duration}', { duration: formatDuration(c.durationSec * 1000) })} ·{' '}
                  {c.csat === null ? t('No CSAT') : t('CSAT {score} of {scale}', { score: c.csat, scale: 5 })}
                </p>
                <div>
                  <button type="button" class="button button-primary" aria-label={t('Review the chat of {agent} with {visitor}', { agent: c.agent.name, visitor })} onClick={() => props.onReview(c)}>
                    {t('Review')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ReviewList(props: { reload: number; mine: boolean; onOpenChat: (review: ReviewView) => void }) {
  const [reviews, setReviews] = useState<ReviewView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [team, setTeam] = useState<AgentRef[]>([]);
  const [agent, setAgent] = useState('');
  useEffect(() => {
    if (props.mine) return;
    request(routes.listAgents).then(
      (r) => setTeam(r.agents),
      () => {},
    );
  }, [props.mine]);
  useEffect(() => {
    let live = true;
    reviewsApi.list(agent || undefined).then(
      (r) => live && (setReviews(r), setError(null)),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [props.reload, agent]);

  return (
    <>
      {!props.mine && (
        <label class="review-filter">
          {t('Agent')}
          <select class="select" value={agent} onChange={(e) => setAgent(e.currentTarget.value)}>
            <option value="">{t('All agents')}</option>
            {team.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {error ? (
        <p class="form-error">{error}</p>
      ) : !reviews ? (
        <p class="muted">{t('Loading…')}</p>
      ) : reviews.length === 0 ? (
        <p class="muted">{props.mine ? t('None of your chats has been reviewed yet.') : t('No reviews yet.')}</p>
      ) : (
        <ul class="review-list" aria-label={props.mine ? t('My reviews') : t('Reviews made')}>
          {reviews.map((r) => (
            <li key={r.id}>
              <ReviewCard review={r} headingLevel={2} onOpenChat={() => props.onOpenChat(r)} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
