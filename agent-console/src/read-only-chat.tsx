import { useEffect, useState } from 'preact/hooks';
import type { ChatDetail, SurveyRecordView } from '../../shared/protocol.ts';
import { routes } from '../../shared/api-routes.ts';
import { request } from './console-api.ts';
import { t } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';
import { MessageLog } from './message-log.tsx';
import { RatingList } from './ratings.tsx';

/** A chat's survey results (GET /api/chats/:id/surveys); null until they arrive. */
export function useChatSurveys(chatId: string): { surveys: SurveyRecordView[] | null; error: string | null } {
  const [loaded, setLoaded] = useState<{ chatId: string; surveys: SurveyRecordView[] | null; error: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    request(routes.chatSurveys, { params: { id: chatId } }).then(
      (r) => live && setLoaded({ chatId, surveys: r.surveys, error: null }),
      (err: Error) => live && setLoaded({ chatId, surveys: null, error: err.message }),
    );
    return () => {
      live = false;
    };
  }, [chatId]);
  return loaded?.chatId === chatId ? loaded : { surveys: null, error: null };
}

/**
 * A chat opened to read outside the inbox (search, the dashboard's drill-down, a visitor's
 * earlier chats, follow-ups, quality reviews): its whole history and its ratings.
 */
export function useReadOnlyChat(chatId: string): {
  detail: ChatDetail | null;
  error: string | null;
  surveys: ReturnType<typeof useChatSurveys>;
} {
  const store = useInboxStore();
  const [loaded, setLoaded] = useState<{ chatId: string; detail: ChatDetail | null; error: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    store.transcript(chatId).then(
      (detail) => live && setLoaded({ chatId, detail, error: null }),
      (err: Error) => live && setLoaded({ chatId, detail: null, error: err.message }),
    );
    return () => {
      live = false;
    };
  }, [chatId]);
  const surveys = useChatSurveys(chatId);
  const mine = loaded?.chatId === chatId ? loaded : null;
  return { detail: mine?.detail ?? null, error: mine?.error ?? null, surveys };
}

/** The transcript of a chat read only: messages, notes and ratings among them, then the ratings. */
export function ReadOnlyTranscript(props: { detail: ChatDetail; surveys: ReturnType<typeof useChatSurveys>; visitorName: string }) {
  const { detail, surveys } = props;
  return (
    <>
      <MessageLog
        label={t('Transcript')}
        messages={detail.messages}
        notes={detail.notes}
        surveys={surveys.surveys ?? []}
        pending={[]}
        visitorName={props.visitorName}
        readOnly
      />
      <h3 class="panel-heading">{t('Ratings')}</h3>
      {surveys.error ? (
        <p class="form-error" role="alert">
          {t('Could not load the ratings: {reason}', { reason: surveys.error })}
        </p>
      ) : surveys.surveys ? (
        <RatingList surveys={surveys.surveys} />
      ) : (
        <p class="muted small">{t('Loading…')}</p>
      )}
    </>
  );
}
