import { useEffect, useRef } from 'preact/hooks';
import type { PastChat } from '../../shared/protocol.ts';
import { dateLocale, t } from './i18n.ts';
import { useInboxState } from './inbox-context.ts';
import { visitorLabel } from './inbox-state.ts';
import { ReadOnlyTranscript, useReadOnlyChat } from './read-only-chat.tsx';
import { ChatReviews } from './reviews/chat-reviews.tsx';
import type { ReviewView } from '../../shared/review-schemas.ts';

/**
 * An earlier chat of the visitor, to read only: its messages, notes and ratings; for admins and
 * owners beside it the chat's quality reviews and the scorecard to review it on.
 */
export function TranscriptDialog(props: {
  past: PastChat;
  visitorName: string | null;
  onClose: () => void;
  /** Opens with the scorecard to fill in (from the to-review list). */
  startReviewing?: boolean;
  onReviewed?: (review: ReviewView) => void;
}) {
  const role = useInboxState().me?.role;
  const reviewer = role === 'admin' || role === 'owner';
  const dialog = useRef<HTMLDialogElement>(null);
  const { detail, error, surveys } = useReadOnlyChat(props.past.id);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  const when = new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(props.past.startedAt);
  const title = t('Chat of {date}', { date: when });
  // A chat opened from search knows its agent only once loaded.
  const agent = props.past.agent ?? detail?.chat.agent ?? null;
  return (
    <dialog
      ref={dialog}
      class={`dialog dialog-wide ${reviewer ? 'dialog-review' : ''}`}
      aria-labelledby="transcript-title"
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <div class="dialog-body transcript">
        <h2 id="transcript-title" class="dialog-title">
          {title}
        </h2>
        <p class="muted small">
          {agent ? t('With {name}', { name: agent.name }) : t('No agent')} · {t('Read only')}
        </p>
        {error && (
          <p class="form-error" role="alert">
            {t('Could not load this chat: {reason}', { reason: error })}
          </p>
        )}
        <div class="transcript-columns">
          <div class="transcript-column">
            {!detail && !error && <p class="muted">{t('Loading the conversation…')}</p>}
            {detail && <ReadOnlyTranscript detail={detail} surveys={surveys} visitorName={props.visitorName ?? visitorLabel(detail.chat)} />}
          </div>
          {reviewer && <ChatReviews chatId={props.past.id} startReviewing={props.startReviewing} onReviewed={props.onReviewed} />}
        </div>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={props.onClose} autoFocus={!props.startReviewing}>
            {t('Close')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
