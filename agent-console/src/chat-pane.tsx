import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatSummary, Priority } from '../../shared/protocol.ts';
import { t } from './i18n.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';
import { lastSeq, visitorLabel } from './inbox-state.ts';
import { MessageLog } from './message-log.tsx';
import { NoteBox } from './note-box.tsx';
import { ReplyBox } from './reply-box.tsx';
import { PriorityBadge, priorities, priorityLabel, SlaClock } from './sla-clock.tsx';
import { TagEditor } from './tag-editor.tsx';
import { TransferDialog } from './transfer-dialog.tsx';
import { formatDuration, useNow } from './waiting-time.ts';

export function ChatPane({ chat, onBack, onShowVisitor }: { chat: ChatSummary; onBack?: () => void; onShowVisitor?: () => void }) {
  const store = useInboxStore();
  const state = useInboxState();
  const me = state.me;
  const thread = state.threads[chat.id];
  const mine = chat.status === 'active' && !!me && chat.agent?.id === me.id;
  // The chat's agent or an admin may change an open chat (the server checks the same).
  const canManage = chat.status !== 'closed' && !!me && (mine || me.role !== 'agent');
  const canTag = !!me && (chat.agent?.id === me.id || me.role !== 'agent');
  const needsTag = state.requireTagToClose && chat.tags.length === 0 && chat.status !== 'closed';
  const newest = Math.max(lastSeq(thread), chat.lastMessage?.seq ?? 0);
  const [closeProblem, setCloseProblem] = useState<string | null>(null);
  const [transferring, setTransferring] = useState(false);
  // On a phone the chat's actions fold into a menu (CSS shows its toggle only there).
  const [menuOpen, setMenuOpen] = useState(false);
  const tagInput = useRef<HTMLInputElement>(null);
  const title = useRef<HTMLHeadingElement>(null);

  // What is on screen in a visible tab counts as read.
  useEffect(() => {
    const markIfVisible = () => {
      if (document.visibilityState !== 'hidden') store.markSeen(chat.id);
    };
    markIfVisible();
    document.addEventListener('visibilitychange', markIfVisible);
    return () => document.removeEventListener('visibilitychange', markIfVisible);
  }, [chat.id, newest]);

  useEffect(() => {
    if (!needsTag) setCloseProblem(null);
  }, [needsTag]);

  function explainTagNeeded() {
    setCloseProblem(t('Add a tag before closing this chat: type one in Add tag.'));
    tagInput.current?.focus();
  }

  async function close(withoutSurvey = false) {
    if (needsTag) return explainTagNeeded();
    const result = await store.closeChat(chat.id, withoutSurvey);
    if (result.needsTag) return explainTagNeeded();
    // The Close chat button is gone: keep keyboard users in the chat they just closed.
    if (result.closed) title.current?.focus();
  }

  const label = visitorLabel(chat);
  const visitorName = thread?.visitor.name ?? chat.visitorName;
  const typing = !!state.visitorTyping[chat.id];
  return (
    <section class="chat-pane" aria-labelledby="chat-title">
      <header class="chat-header">
        {onBack && (
          <button type="button" class="button button-quiet chat-back" onClick={onBack}>
            <span aria-hidden="true">‹</span> {t('Chats')}
          </button>
        )}
        <div class="chat-header-main">
          <h2 id="chat-title" class="chat-title" ref={title} tabIndex={-1}>
            {label}
          </h2>
          <ChatStatusLine chat={chat} mine={mine} />
        </div>
        <button
          type="button"
          class="button chat-menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="chat-actions"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('Actions')}
        </button>
        <div
          id="chat-actions"
          class={menuOpen ? 'chat-actions open' : 'chat-actions'}
          onClick={(e) => {
            if ((e.target as HTMLElement).closest('button')) setMenuOpen(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && menuOpen) {
              setMenuOpen(false);
              document.querySelector<HTMLElement>('.chat-menu-toggle')?.focus();
            }
          }}
        >
          {onShowVisitor && (
            <button type="button" class="button show-visitor" aria-haspopup="dialog" onClick={onShowVisitor}>
              {t('Visitor')}
            </button>
          )}
          {canManage ? (
            <select
              class="select select-small"
              aria-label={t('Priority')}
              value={chat.priority}
              onChange={(e) => void store.setPriority(chat.id, e.currentTarget.value as Priority)}
            >
              {priorities.map((p) => (
                <option key={p} value={p}>
                  {priorityLabel(p)}
                </option>
              ))}
            </select>
          ) : (
            <PriorityBadge priority={chat.priority} />
          )}
          {canManage && (
            <button type="button" class="button" aria-haspopup="dialog" onClick={() => setTransferring(true)}>
              {t('Transfer')}
            </button>
          )}
          {mine && (
            <button
              type="button"
              class="button button-danger-quiet"
              aria-describedby={closeProblem ? 'close-problem' : undefined}
              onClick={() => void close()}
            >
              {t('Close chat')}
            </button>
          )}
          {mine && (
            <button type="button" class="button button-quiet" title={t('Spam or a test: the visitor gets no survey')} onClick={() => void close(true)}>
              {t('Close without survey')}
            </button>
          )}
        </div>
      </header>
      <div class="chat-toolbar">
        <TagEditor
          chatId={chat.id}
          tags={chat.tags}
          editable={canTag}
          inputRef={tagInput}
          hint={needsTag && mine && !closeProblem ? t('A tag is needed before closing.') : null}
        />
        {closeProblem && (
          <p id="close-problem" class="close-problem" role="alert">
            {closeProblem}
          </p>
        )}
      </div>
      {thread ? (
        <MessageLog
          messages={thread.messages}
          notes={thread.notes}
          surveys={state.surveys[chat.id]}
          pending={state.outbox.filter((m) => m.chatId === chat.id)}
          visitorName={label}
        />
      ) : (
        <div class="log-loading" aria-busy="true">
          {t('Loading the conversation…')}
        </div>
      )}
      <div class="typing-indicator" aria-live="polite">
        {typing ? t('{name} is typing…', { name: label }) : ''}
      </div>
      {mine ? (
        <ReplyBox key={chat.id} chatId={chat.id} visitorName={visitorName} />
      ) : (
        <p class="chat-footer-note">
          {chat.status === 'queued'
            ? t('This chat is waiting in the queue. Accept it to reply.')
            : chat.status === 'closed'
              ? t('This chat is closed.')
              : t('{name} is handling this chat.', { name: chat.agent?.name ?? t('Another agent') })}
        </p>
      )}
      {thread && <NoteBox key={chat.id} chatId={chat.id} />}
      {transferring && (
        <TransferDialog
          chat={chat}
          onClose={() => {
            setTransferring(false);
            title.current?.focus();
          }}
        />
      )}
    </section>
  );
}

function ChatStatusLine({ chat, mine }: { chat: ChatSummary; mine: boolean }) {
  const now = useNow(1000);
  const parts: string[] = [];
  if (chat.channel === 'offline') parts.push(t('Offline message'));
  if (chat.status === 'queued') parts.push(t('Waiting {time}', { time: formatDuration(now - (chat.queuedAt ?? chat.startedAt)) }));
  else if (chat.status === 'active') {
    parts.push(mine ? t('Assigned to you') : t('Assigned to {name}', { name: chat.agent?.name ?? t('another agent') }));
  } else parts.push(t('Closed'));
  if (chat.visitorEmail && chat.visitorEmail !== visitorLabel(chat)) parts.push(chat.visitorEmail);
  return (
    <p class="chat-status">
      <span>{parts.join(' · ')}</span>
      <SlaClock chat={chat} now={now} />
    </p>
  );
}
