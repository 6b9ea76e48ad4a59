import { useLayoutEffect, useRef } from 'preact/hooks';
import type { MessageView, NoteView, SurveyRecordView } from '../../shared/protocol.ts';
import { dateLocale, t } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';
import type { OutgoingMessage } from './inbox-state.ts';
import { scoreText, scoreTone, surveyName } from './ratings.tsx';
import { systemText } from './system-notice.ts';
import { fileInMessage } from '../../shared/attachment-message.ts';

/** Messages of one author this close together share one name-and-time line. */
const RUN_GAP_MS = 2 * 60_000;

/** Pixels from the bottom within which new messages keep the log scrolled to the end. */
const STICK_TO_BOTTOM_PX = 80;

export type TimelineEntry =
  | { kind: 'message'; at: number; message: MessageView }
  | { kind: 'note'; at: number; note: NoteView }
  | { kind: 'rating'; at: number; survey: SurveyRecordView };

/**
 * Messages in server order with the internal notes and the visitor's ratings placed by time
 * among them (a note written at the same moment as a message comes after it).
 */
export function timeline(messages: MessageView[], notes: NoteView[], surveys: SurveyRecordView[]): TimelineEntry[] {
  const extras: TimelineEntry[] = [
    ...notes.map((note) => ({ kind: 'note' as const, at: note.at, note })),
    ...surveys
      .filter((s) => s.status === 'answered' && s.answeredAt !== null && s.score !== null)
      .map((survey) => ({ kind: 'rating' as const, at: survey.answeredAt!, survey })),
  ].sort((a, b) => a.at - b.at);
  const entries: TimelineEntry[] = [];
  let next = 0;
  for (const message of messages) {
    while (next < extras.length && extras[next].at < message.at) entries.push(extras[next++]);
    entries.push({ kind: 'message', at: message.at, message });
  }
  return [...entries, ...extras.slice(next)];
}

function endsRun(m: MessageView, next: TimelineEntry | undefined): boolean {
  if (!next || next.kind !== 'message') return true;
  const n = next.message;
  return n.author !== m.author || n.agentId !== m.agentId || n.at - m.at > RUN_GAP_MS;
}

export function MessageLog(props: {
  messages: MessageView[];
  pending: OutgoingMessage[];
  visitorName: string;
  notes?: NoteView[];
  surveys?: SurveyRecordView[];
  /** Accessible name of the log; an earlier chat's transcript names itself. */
  label?: string;
  /** A chat read outside the inbox: nothing in it is changed from there. */
  readOnly?: boolean;
}) {
  const store = useInboxStore();
  const ref = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const entries = timeline(props.messages, props.notes ?? [], props.surveys ?? []);
  const me = store.getState().me;
  // The rule is the server's (server/chat/access.ts mayDeleteMessage); this only hides the button.
  const mayDelete = (m: MessageView) => !props.readOnly && !!me && (me.role !== 'agent' || (m.author === 'agent' && m.agentId === me.id));
  const count = entries.length + props.pending.length;
  const timeFormat = new Intl.DateTimeFormat(dateLocale(), { hour: '2-digit', minute: '2-digit' });
  const dateTimeFormat = new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
  const time = (at: number) => <time dateTime={new Date(at).toISOString()}>{timeFormat.format(at)}</time>;

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  }, [count]);

  return (
    <div
      ref={ref}
      class="message-log"
      role="log"
      aria-label={props.label ?? t('Messages')}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_TO_BOTTOM_PX;
      }}
    >
      {entries.length === 0 && props.pending.length === 0 && <p class="log-empty">{t('No messages yet.')}</p>}
      {entries.map((entry, i) => {
        if (entry.kind === 'note') {
          const n = entry.note;
          return (
            <div key={n.id} class="note" role="note" aria-label={t('Internal note by {name}', { name: n.agent.name })} title={dateTimeFormat.format(n.at)}>
              <p class="note-meta">
                <span class="note-label">{t('Internal note')}</span>
                <span>{n.agent.name}</span>
                {time(n.at)}
              </p>
              <p class="note-text">{n.erased ? <em class="message-removed">{t('Erased')}</em> : n.text}</p>
            </div>
          );
        }
        if (entry.kind === 'rating') {
          const s = entry.survey;
          return (
            <p key={s.id} class="rating-entry">
              <span>{t('{visitor} rated {survey}', { visitor: props.visitorName, survey: surveyName(s.kind) })}</span>{' '}
              <strong class={`tone-${scoreTone(s)}`}>{scoreText(s)}</strong>{' '}
              {s.comment && <q class="rating-comment">{s.comment}</q>} {time(s.answeredAt!)}
            </p>
          );
        }
        const m = entry.message;
        return m.author === 'system' ? (
          <p key={m.id} class="system-message">
            <span>{systemText(m)}</span> {time(m.at)}
          </p>
        ) : (
          <article key={m.id} class={`message message-${m.author}`} title={dateTimeFormat.format(m.at)}>
            {m.removed ? (
              <p class="message-text message-removed">{m.removed === 'deleted' ? t('Message deleted') : t('Erased')}</p>
            ) : (
              <MessageText text={m.text} />
            )}
            {endsRun(m, entries[i + 1]) && (
              <footer class="message-meta">
                <span>{m.author === 'visitor' ? props.visitorName : (m.authorName ?? t('Agent'))}</span>
                {time(m.at)}
                {m.author === 'agent' && <span class="message-state">{t('Sent')}</span>}
              </footer>
            )}
            {!m.removed && mayDelete(m) && (
              <button
                type="button"
                class="link-button message-delete"
                aria-label={t('Delete message')}
                title={t('Delete message')}
                onClick={async () => {
                  if (!confirm(t('Delete this message for everyone?'))) return;
                  const error = await store.deleteMessage(m.chatId, m.id);
                  if (error) alert(t('Failed: {reason}', { reason: error }));
                }}
              >
                ×
              </button>
            )}
          </article>
        );
      })}
      {props.pending.map((m) => (
        <article key={m.id} class={`message message-agent message-${m.state}`}>
          <MessageText text={m.text} />
          <footer class="message-meta">
            {m.state === 'sending' ? (
              <span class="message-state">{t('Sending…')}</span>
            ) : (
              <>
                <span class="message-error">{t('Not sent: {reason}', { reason: m.error ?? '' })}</span>
                <button type="button" class="link-button" onClick={() => store.retry(m.id)}>
                  {t('Retry')}
                </button>
                <button type="button" class="link-button" onClick={() => store.discard(m.id)}>
                  {t('Discard')}
                </button>
              </>
            )}
          </footer>
        </article>
      ))}
    </div>
  );
}

/**
 * A message's words; a file sent in the chat (an address on this server) shows as the picture
 * or a PDF link. Anything else, addresses typed by a visitor included, stays text.
 */
function MessageText({ text }: { text: string }) {
  const file = fileInMessage(text, location.origin);
  if (!file) return <p class="message-text">{text}</p>;
  return (
    <p class={`message-text message-file message-file-${file.kind}`}>
      <a href={file.url} target="_blank" rel="noopener noreferrer">
        {file.kind === 'image' && <img src={file.url} alt="" loading="lazy" />}
        <span>
          {file.name} · {file.label}
        </span>
      </a>
    </p>
  );
}
