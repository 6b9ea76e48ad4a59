import { useEffect, useState } from 'preact/hooks';
import type { CriterionView, ReviewView } from '../../../shared/review-schemas.ts';
import { t } from '../i18n.ts';
import { useInboxState } from '../inbox-context.ts';
import { ReviewCard, ReviewForm } from './review-form.tsx';
import { reviewsApi } from './reviews-api.ts';

/**
 * The quality reviews of a chat under its read-only transcript, for admins and owners: those
 * made, and the scorecard to review it on (or to change one's own review).
 */
export function ChatReviews(props: { chatId: string; startReviewing?: boolean; onReviewed?: (review: ReviewView) => void }) {
  const me = useInboxState().me;
  const [criteria, setCriteria] = useState<CriterionView[] | null>(null);
  const [reviews, setReviews] = useState<ReviewView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [writing, setWriting] = useState(Boolean(props.startReviewing));

  useEffect(() => {
    let live = true;
    Promise.all([reviewsApi.scorecard(), reviewsApi.ofChat(props.chatId)]).then(
      ([card, made]) => {
        if (!live) return;
        setCriteria(card.criteria);
        setReviews(made);
      },
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [props.chatId]);

  const mine = reviews?.find((r) => r.reviewer.id === me?.id) ?? null;
  return (
    <section class="chat-reviews" aria-labelledby={`reviews-${props.chatId}`}>
      <h3 id={`reviews-${props.chatId}`} class="panel-heading">
        {t('Quality reviews')}
      </h3>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!reviews && !error && <p class="muted">{t('Loading…')}</p>}
      {reviews && reviews.length === 0 && !writing && <p class="muted small">{t('Not reviewed yet.')}</p>}
      {reviews?.map((r) =>
        writing && r.id === mine?.id ? null : <ReviewCard key={r.id} review={r} headingLevel={4} onEdit={r.id === mine?.id ? () => setWriting(true) : undefined} />,
      )}
      {criteria && reviews && writing && (
        <ReviewForm
          chatId={props.chatId}
          criteria={criteria}
          mine={mine}
          onCancel={() => setWriting(false)}
          onSaved={(saved) => {
            setReviews([saved, ...reviews.filter((r) => r.id !== saved.id)]);
            setWriting(false);
            props.onReviewed?.(saved);
          }}
        />
      )}
      {criteria && reviews && !writing && !mine && (
        <button type="button" class="button button-primary" onClick={() => setWriting(true)}>
          {t('Review this chat')}
        </button>
      )}
    </section>
  );
}
