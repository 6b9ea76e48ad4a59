import { fileInMessage } from '../../shared/attachment-message.ts';
import { systemText } from './system-notice.ts';
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { ChatSummary, MessageView } from '../../shared/protocol.ts';
import { t } from './i18n.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';
import {
  myChatsOf,
  queueOf,
  recentlyClosedOf,
  unreadCount,
  visitorLabel,
  waitingSince,
  type InboxState,
} from './inbox-state.ts';
import { PriorityBadge, SlaClock } from './sla-clock.tsx';
import { formatDuration, useNow } from './waiting-time.ts';

/** Opens the chat pane; on a phone it replaces the lists, also for the chat already selected. */
const OpenChatContext = createContext<() => void>(() => {});

export function ChatList(props: { footer?: ComponentChildren; onOpen?: () => void }) {
  const state = useInboxState();
  const now = useNow(1000);
  const queue = queueOf(state);
  const mine = myChatsOf(state);
  const closed = recentlyClosedOf(state);
  const auto = state.routingMode === 'auto';
  return (
    <OpenChatContext.Provider value={props.onOpen ?? (() => {})}>
    <nav class="chat-lists" aria-label={t('Chats')}>
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading" class="list-heading">
          {t('Queue')} <span class="count">{queue.length}</span>
          {auto && <span class="list-hint">{t('auto-assign on')}</span>}
        </h2>
        {queue.length === 0 ? (
          <p class="list-empty">{t('No one is waiting.')}</p>
        ) : (
          <ul class="chat-items" aria-labelledby="queue-heading">
            {queue.map((chat) => (
              <QueueItem key={chat.id} chat={chat} state={state} now={now} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading" class="list-heading">
          {t('My chats')} <span class="count">{mine.length}</span>
        </h2>
        {mine.length === 0 ? (
          <p class="list-empty">
            {auto ? t('New chats are assigned to you while you are online.') : t('Accept a chat from the queue.')}
          </p>
        ) : (
          <ul class="chat-items" aria-labelledby="mine-heading">
            {mine.map((chat) => (
              <MyChatItem key={chat.id} chat={chat} state={state} now={now} />
            ))}
          </ul>
        )}
      </section>
      {closed.length > 0 && (
        <section aria-labelledby="closed-heading">
          <h2 id="closed-heading" class="list-heading">
            {t('Recently closed')}
          </h2>
          <ul class="chat-items" aria-labelledby="closed-heading">
            {closed.map((chat) => (
              <ClosedItem key={chat.id} chat={chat} state={state} />
            ))}
          </ul>
        </section>
      )}
      {props.footer}
    </nav>
    </OpenChatContext.Provider>
  );
}

function preview(message: MessageView | null): string {
  if (!message) return t('No messages yet');
  if (message.author === 'system') return systemText(message);
  const file = message.removed ? null : fileInMessage(message.text, location.origin);
  const text = message.removed ? (message.removed === 'deleted' ? t('Message deleted') : t('Erased')) : file ? t('File: {name}', { name: file.name }) : message.text.replace(/\s+/g, ' ').trim();
  return message.author === 'agent' ? t('You: {text}', { text }) : text;
}

/** The last thing the visitor or an agent said: "joined" and "closed" notices make poor previews. */
function lastWords(messages: MessageView[] | undefined): MessageView | null {
  if (!messages) return null;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].author !== 'system') return messages[i];
  return null;
}

/** Waits past this long are shown as overdue. */
const LONG_WAIT_MS = 2 * 60_000;

function WaitingTime({ ms }: { ms: number }) {
  return (
    <span class={ms >= LONG_WAIT_MS ? 'chat-item-wait overdue' : 'chat-item-wait'}>
      {t('waiting {time}', { time: formatDuration(ms) })}
    </span>
  );
}

function ChannelBadge({ chat }: { chat: ChatSummary }) {
  return chat.channel === 'offline' ? <span class="badge badge-offline">{t('Offline message')}</span> : null;
}

function QueueItem({ chat, state, now }: { chat: ChatSummary; state: InboxState; now: number }) {
  const store = useInboxStore();
  const label = visitorLabel(chat);
  const selected = state.selectedChatId === chat.id;
  return (
    <li class={`chat-item${selected ? ' selected' : ''}`} aria-label={label}>
      <div class="chat-item-body">
        <div class="chat-item-top">
          <ChatItemButton chat={chat} label={label} selected={selected} suffix={chat.channel === 'offline' ? t('{name}, offline message', { name: '' }) : ''} />
        </div>
        <div class="chat-item-details" id={`chat-item-${chat.id}-details`}>
          <span class="chat-item-preview">{preview(chat.lastMessage)}</span>
          <span class="chat-item-meta">
            <PriorityBadge priority={chat.priority} />
            <ChannelBadge chat={chat} />
            <WaitingTime ms={now - (chat.queuedAt ?? chat.startedAt)} />
            <SlaClock chat={chat} now={now} compact />
          </span>
        </div>
      </div>
      <button type="button" class="button button-primary button-small" onClick={() => void store.accept(chat.id)}>
        {t('Accept')}
      </button>
    </li>
  );
}

function MyChatItem({ chat, state, now }: { chat: ChatSummary; state: InboxState; now: number }) {
  const label = visitorLabel(chat);
  const selected = state.selectedChatId === chat.id;
  const unread = unreadCount(state, chat.id);
  const since = waitingSince(state, chat.id);
  const lastMessage = lastWords(state.threads[chat.id]?.messages) ?? chat.lastMessage;
  return (
    <li class={`chat-item${selected ? ' selected' : ''}${unread ? ' unread' : ''}`} aria-label={label}>
      <div class="chat-item-body">
        <div class="chat-item-top">
          <ChatItemButton chat={chat} label={label} selected={selected} suffix={unread ? t('{name}, {count} unread', { name: '', count: unread }) : ''} />
          {state.visitorTyping[chat.id] && <span class="chat-item-typing">{t('typing…')}</span>}
          {unread > 0 && (
            <span class="unread-count" aria-hidden="true">
              {unread}
            </span>
          )}
        </div>
        <div class="chat-item-details" id={`chat-item-${chat.id}-details`}>
          <span class="chat-item-preview">{preview(lastMessage)}</span>
          {(chat.channel === 'offline' || since !== null || chat.priority !== 'normal' || chat.sla) && (
            <span class="chat-item-meta">
              <PriorityBadge priority={chat.priority} />
              <ChannelBadge chat={chat} />
              {since !== null && <WaitingTime ms={now - since} />}
              <SlaClock chat={chat} now={now} compact />
            </span>
          )}
        </div>
      </div>
    </li>
  );
}

function ClosedItem({ chat, state }: { chat: ChatSummary; state: InboxState }) {
  const label = visitorLabel(chat);
  const selected = state.selectedChatId === chat.id;
  return (
    <li class={`chat-item closed${selected ? ' selected' : ''}`} aria-label={label}>
      <div class="chat-item-body">
        <div class="chat-item-top">
          <ChatItemButton chat={chat} label={label} selected={selected} suffix="" />
        </div>
        <div class="chat-item-details" id={`chat-item-${chat.id}-details`}>
          <span class="chat-item-preview">{preview(chat.lastMessage)}</span>
        </div>
      </div>
    </li>
  );
}

/**
 * Opens a chat. It shows only the visitor's name, and its accessible name starts with that
 * (then what only a screen reader needs, such as the unread count), so the visible text is part
 * of the name; the details are its description. It stretches over the whole item, so a click
 * anywhere opens it.
 */
function ChatItemButton({ chat, label, selected, suffix }: { chat: ChatSummary; label: string; selected: boolean; suffix: string }) {
  const store = useInboxStore();
  const opened = useContext(OpenChatContext);
  return (
    <button
      type="button"
      class="chat-item-open chat-item-name"
      aria-label={label + suffix}
      aria-describedby={`chat-item-${chat.id}-details`}
      aria-current={selected ? 'true' : undefined}
      onClick={() => {
        store.select(chat.id);
        opened();
      }}
    >
      {label}
    </button>
  );
}
