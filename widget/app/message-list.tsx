import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { MessageView } from '../../shared/protocol.ts';
import type { PendingMessage } from './outbox.ts';

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

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

export function formatTime(at: number): string {
  return timeFormat.format(at);
}

function dayLabel(at: number, now: number): string {
  const day = new Date(at).toDateString();
  if (day === new Date(now).toDateString()) return 'Today';
  if (day === new Date(now - 86_400_000).toDateString()) return 'Yesterday';
  return dayFormat.format(at);
}

function sameGroup(a: MessageView | undefined, b: MessageView | undefined): boolean {
  return !!a && !!b && a.author === b.author && a.agentId === b.agentId && b.at - a.at < GROUP_GAP_MS &&
    new Date(a.at).toDateString() === new Date(b.at).toDateString();
}

function rowsOf(messages: MessageView[], pending: PendingMessage[], now: number): Row[] {
  const rows: Row[] = [];
  let lastDay = '';
  messages.forEach((message, i) => {
    const day = new Date(message.at).toDateString();
    if (day !== lastDay) {
      rows.push({ kind: 'day', key: `day-${day}`, label: dayLabel(message.at, now) });
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

/** The conversation: a `role="log"` list that stays scrolled to the newest message. */
export function MessageList({ messages, pending, agentTyping, onRetry, onDiscard, children, footer }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [messages, pending, agentTyping]);

  // Someone reading older messages is not pulled down when a new one arrives.
  const onScroll = () => {
    const el = scroller.current!;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  const rows = rowsOf(messages, pending, Date.now());
  return (
    <div class="scroller" ref={scroller} onScroll={onScroll}>
      {children}
      <ol class="log" role="log" aria-live="polite" aria-label="Conversation">
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
      {agentTyping && (
        <div class="typing" role="status">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          <span class="typing-label">{agentTyping.name ? `${agentTyping.name} is typing…` : 'Typing…'}</span>
        </div>
      )}
      {footer}
    </div>
  );
}

function MessageRow({ message, firstOfGroup, lastOfGroup }: { message: MessageView; firstOfGroup: boolean; lastOfGroup: boolean }) {
  if (message.author === 'system') {
    return (
      <li class="system">
        <span>{message.text}</span>
      </li>
    );
  }
  const mine = message.author === 'visitor';
  const name = mine ? 'You' : message.authorName || 'Agent';
  return (
    <li class={`msg ${mine ? 'mine' : 'theirs'}${lastOfGroup ? ' last' : ''}`}>
      {!mine && firstOfGroup && <span class="author">{name}</span>}
      {(mine || !firstOfGroup) && <span class="sr">{name}: </span>}
      <p class="bubble">{message.text}</p>
      {lastOfGroup && (
        <span class="meta">
          <time dateTime={new Date(message.at).toISOString()}>{formatTime(message.at)}</time>
          {mine && ' · Delivered'}
        </span>
      )}
    </li>
  );
}

function PendingRow({ message, onRetry, onDiscard }: { message: PendingMessage; onRetry(id: string): void; onDiscard(id: string): void }) {
  return (
    <li class={`msg mine last pending${message.error ? ' failed' : ''}`}>
      <span class="sr">You: </span>
      <p class="bubble">{message.text}</p>
      {message.error ? (
        <span class="meta error">
          Not sent: {message.error}{' '}
          <button type="button" class="link" onClick={() => onRetry(message.id)}>
            Try again
          </button>{' '}
          <button type="button" class="link" onClick={() => onDiscard(message.id)}>
            Remove
          </button>
        </span>
      ) : (
        <span class="meta">Sending…</span>
      )}
    </li>
  );
}
