import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatDetail, PastChat, SurveyRecordView } from '../../shared/protocol.ts';
import { dateLocale, t } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';
import { visitorLabel } from './inbox-state.ts';
import { MessageLog } from './message-log.tsx';
import { RatingList } from './ratings.tsx';

/** An earlier chat of the visitor, to read only: its messages, notes and ratings. */
export function TranscriptDialog(props: {
  past: PastChat;
  surveys: SurveyRecordView[];
  visitorName: string | null;
  onClose: () => void;
}) {
  const store = useInboxStore();
  const dialog = useRef<HTMLDialogElement>(null);
  const [detail, setDetail] = useState<ChatDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    let live = true;
    store.transcript(props.past.id).then(
      (d) => live && setDetail(d),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [props.past.id]);

  const when = new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(props.past.startedAt);
  const title = t('Chat of {date}', { date: when });
  // A chat opened from search knows its agent only once loaded.
  const agent = props.past.agent ?? detail?.chat.agent ?? null;
  return (
    <dialog
      ref={dialog}
      class="dialog dialog-wide"
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
        {!detail && !error && <p class="muted">{t('Loading the conversation…')}</p>}
        {detail && (
          <MessageLog
            label={t('Transcript')}
            messages={detail.messages}
            notes={detail.notes}
            surveys={props.surveys}
            pending={[]}
            visitorName={props.visitorName ?? visitorLabel(detail.chat)}
          />
        )}
        <h3 class="panel-heading">{t('Ratings')}</h3>
        <RatingList surveys={props.surveys} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={props.onClose} autoFocus>
            {t('Close')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
