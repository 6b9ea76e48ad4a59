import { useLayoutEffect, useRef } from 'preact/hooks';
import type { MessageView } from '../../shared/protocol.ts';
import { useInboxStore } from './inbox-context.ts';
import type { OutgoingMessage } from './inbox-state.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Messages of one author this close together share one name-and-time line. */
const RUN_GAP_MS = 2 * 60_000;

function endsRun(m: MessageView, next: MessageView | undefined): boolean {
  return !next || next.author !== m.author || next.agentId !== m.agentId || next.at - m.at > RUN_GAP_MS;
}

/** Pixels from the bottom within which new messages keep the log scrolled to the end. */
const STICK_TO_BOTTOM_PX = 80;

export function MessageLog(props: { messages: MessageView[]; pending: OutgoingMessage[]; visitorName: string }) {
  const store = useInboxStore();
  const ref = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const count = props.messages.length + props.pending.length;

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  }, [count]);

  return (
    <div
      ref={ref}
      class="message-log"
      role="log"
      aria-label="Messages"
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_TO_BOTTOM_PX;
      }}
    >
      {props.messages.length === 0 && props.pending.length === 0 && <p class="log-empty">No messages yet.</p>}
      {props.messages.map((m, i) =>
        m.author === 'system' ? (
          <p key={m.id} class="system-message">
            <span>{m.text}</span> <time dateTime={new Date(m.at).toISOString()}>{timeFormat.format(m.at)}</time>
          </p>
        ) : (
          <article key={m.id} class={`message message-${m.author}`} title={dateTimeFormat.format(m.at)}>
            <p class="message-text">{m.text}</p>
            {endsRun(m, props.messages[i + 1]) && (
              <footer class="message-meta">
                <span>{m.author === 'visitor' ? props.visitorName : (m.authorName ?? 'Agent')}</span>
                <time dateTime={new Date(m.at).toISOString()}>{timeFormat.format(m.at)}</time>
                {m.author === 'agent' && <span class="message-state">Sent</span>}
              </footer>
            )}
          </article>
        ),
      )}
      {props.pending.map((m) => (
        <article key={m.id} class={`message message-agent message-${m.state}`}>
          <p class="message-text">{m.text}</p>
          <footer class="message-meta">
            {m.state === 'sending' ? (
              <span class="message-state">Sending…</span>
            ) : (
              <>
                <span class="message-error">Not sent: {m.error}</span>
                <button type="button" class="link-button" onClick={() => store.retry(m.id)}>
                  Retry
                </button>
                <button type="button" class="link-button" onClick={() => store.discard(m.id)}>
                  Discard
                </button>
              </>
            )}
          </footer>
        </article>
      ))}
    </div>
  );
}
