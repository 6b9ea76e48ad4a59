import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { MessageView } from '../../shared/protocol.ts';
import { fileInMessage } from '../../shared/attachment-message.ts';
import { wordNotice } from '../../shared/system-notices.ts';
import type { PendingMessage } from './outbox.ts';
import { useWords } from './words-context.ts';
import { EN, formatLocale, type Words } from './words.ts';

interface Props {
  messages: MessageView[];
  pending: PendingMessage[];
  agentTyping: { name: string | null } | null;
  onRetry(id: string): void;
  onDiscard(id: string): void;
  /** Shown above the messages (a greeting before the first one). */
  children?: ComponentChildren;
  /** Shown after the messages (the surveys of a chat that has closed). */
  footer?: ComponentChildren;
}

type Row =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: MessageView; firstOfGroup: boolean; lastOfGroup: boolean }
  | { kind: 'pending'; key: string; message: PendingMessage };

/** Messages from one author less than this apart share one name label and one time. */
const GROUP_GAP_MS = 5 * 60_000;

const formats = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>();

function formatsFor(t: Words) {
  const locale = formatLocale(t.language);
  let f = formats.get(locale);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }),
      day: new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric' }),
    };
    formats.set(locale, f);
  }
  return f;
}

export function formatTime(at: number, t: Words = EN): string {
  return formatsFor(t).time.format(at);
}

function dayLabel(at: number, now: number, t: Words): string {
  const day = new Date(at).toDateString();
  if (day === new Date(now).toDateString()) return t.today;
  if (day === new Date(now - 86_400_000).toDateString()) return t.yesterday;
  return formatsFor(t).day.format(at);
}

function sameGroup(a: MessageView | undefined, b: MessageView | undefined): boolean {
  return !!a && !!b && a.author === b.author && a.agentId === b.agentId && b.at - a.at < GROUP_GAP_MS &&
    new Date(a.at).toDateString() === new Date(b.at).toDateString();
}

function rowsOf(messages: MessageView[], pending: PendingMessage[], now: number, t: Words): Row[] {
  const rows: Row[] = [];
  let lastDay = '';
  messages.forEach((message, i) => {
    const day = new Date(message.at).toDateString();
    if (day !== lastDay) {
      rows.push({ kind: 'day', key: `day-${day}`, label: dayLabel(message.at, now, t) });
      lastDay = day;
    }
    rows.push({
      kind: 'message',
      key: message.id,
      message,
      firstOfGroup: !sameGroup(messages[i - 1], message),
      lastOfGroup: !sameGroup(message, messages[i + 1]),
    });
  });
  for (const message of pending) rows.push({ kind: 'pending', key: message.id, message });
  return rows;
}

/**
 * The conversation: a list in a `role="log"` region (on the list itself the role would take
 * the list's away from its items), kept scrolled to the newest message.
 */
export function MessageList({ messages, pending, agentTyping, onRetry, onDiscard, children, footer }: Props) {
  const t = useWords();
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  const stick = () => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  };
  useLayoutEffect(stick, [messages, pending, agentTyping]);

  // Someone reading older messages is not pulled down when a new one arrives.
  const onScroll = () => {
    const el = scroller.current!;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  const rows = rowsOf(messages, pending, Date.now(), t);
  return (
    // A picture that loads after its message grows the list: stay at the newest still.
    <div class="scroller" ref={scroller} onScroll={onScroll} onLoadCapture={stick}>
      {children}
      <div role="log" aria-live="polite" aria-label={t.conversation}>
        <ol class="log">
          {rows.map((row) => {
            if (row.kind === 'day') {
              return (
                <li key={row.key} class="day">
                  <span>{row.label}</span>
                </li>
              );
            }
            if (row.kind === 'pending') return <PendingRow key={row.key} message={row.message} onRetry={onRetry} onDiscard={onDiscard} />;
            return <MessageRow key={row.key} message={row.message} firstOfGroup={row.firstOfGroup} lastOfGroup={row.lastOfGroup} />;
          })}
        </ol>
      </div>
      {agentTyping && (
        <div class="typing" role="status">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          <span class="typing-label">{t.typing(agentTyping.name)}</span>
        </div>
      )}
      {footer}
    </div>
  );
}

/**
 * A message's text, as text; a file sent in the chat (its address on this server, which
 * serves this window) as the image itself or a link to the PDF.
 */
function MessageBody({ text }: { text: string }) {
  const file = fileInMessage(text, location.origin);
  if (!file) return <p class="bubble">{text}</p>;
  return (
    <p class={`bubble file ${file.kind}`}>
      {/* Named by what it shows (the file's name and size): the picture repeats the name. */}
      <a href={file.url} target="_blank" rel="noopener noreferrer">
        {file.kind === 'image' ? (
          <img src={file.url} alt="" loading="lazy" />
        ) : (
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 2h8l5 5v15H6zM14 2v5h5" />
          </svg>
        )}
        <span class="file-name">{file.name}</span>
        <span class="file-label">{file.label}</span>
      </a>
    </p>
  );
}

function MessageRow({ message, firstOfGroup, lastOfGroup }: { message: MessageView; firstOfGroup: boolean; lastOfGroup: boolean }) {
  const t = useWords();
  if (message.author === 'system') {
    return (
      <li class="system">
        <span>{message.notice && t.notice ? wordNotice(message.notice, t.notice) : message.text}</span>
      </li>
    );
  }
  const mine = message.author === 'visitor';
  const name = mine ? t.you : message.authorName || t.agent;
  return (
    <li class={`msg ${mine ? 'mine' : 'theirs'}${lastOfGroup ? ' last' : ''}`}>
      {!mine && firstOfGroup && <span class="author">{name}</span>}
      {(mine || !firstOfGroup) && <span class="sr">{name}: </span>}
      {message.removed ? (
        <p class="bubble removed">{message.removed === 'deleted' ? t.messageDeleted : t.erased}</p>
      ) : (
        <MessageBody text={message.text} />
      )}
      {lastOfGroup && (
        <span class="meta">
          <time dateTime={new Date(message.at).toISOString()}>{formatTime(message.at, t)}</time>
          {mine && ` · ${t.delivered}`}
        </span>
      )}
    </li>
  );
}

function PendingRow({ message, onRetry, onDiscard }: { message: PendingMessage; onRetry(id: string): void; onDiscard(id: string): void }) {
  const t = useWords();
  return (
    <li class={`msg mine last pending${message.error ? ' failed' : ''}`}>
      <span class="sr">{t.you}: </span>
      <p class="bubble">{message.text}</p>
      {message.error ? (
        <span class="meta error">
          {t.notSent} {message.error}{' '}
          <button type="button" class="link" onClick={() => onRetry(message.id)}>
            {t.tryAgain}
          </button>{' '}
          <button type="button" class="link" onClick={() => onDiscard(message.id)}>
            {t.remove}
          </button>
        </span>
      ) : (
        <span class="meta">{t.sending}</span>
      )}
    </li>
  );
}
