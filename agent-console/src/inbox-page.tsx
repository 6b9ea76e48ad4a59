import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';
import { queueOf } from './inbox-state.ts';
import { ChatList } from './chat-list.tsx';
import { ChatPane } from './chat-pane.tsx';
import { InboxFooter } from './inbox-footer.tsx';
import { ShortcutHelp } from './shortcut-help.tsx';
import { chatOrder, neighbourChat, shortcutOf } from './shortcuts.ts';
import { VisitorPanel } from './visitor-panel.tsx';
import { VisitorSheet } from './visitor-sheet.tsx';

/** Where the Alt+R / Alt+N / Alt+T shortcuts put the cursor. */
const focusTargets = { reply: '.reply-input', note: '.note-input', tag: '.tag-input' } as const;

export function InboxPage() {
  const store = useInboxStore();
  const state = useInboxState();
  const [helpOpen, setHelpOpen] = useState(false);
  const [visitorSheet, setVisitorSheet] = useState(false);
  const chatId = state.selectedChatId;
  const chat = chatId ? state.chats[chatId] : undefined;
  // On a phone one pane shows at a time (CSS reads data-pane): the lists until a chat is
  // picked, then the chat until Back. Wider screens show both and ignore it.
  const [pane, setPane] = useState<'lists' | 'chat'>(() => (chatFromLink() ? 'chat' : 'lists'));
  const picked = useRef(chatId);
  useEffect(() => {
    if (chatId && chatId !== picked.current) setPane('chat');
    picked.current = chatId;
  }, [chatId]);
  // A notification's link (?chat=…) opens that chat.
  useEffect(() => {
    const linked = chatFromLink();
    if (!linked) return;
    history.replaceState(history.state, '', location.pathname);
    store.select(linked);
  }, [store]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutOf(e);
      if (!action || e.defaultPrevented) return;
      // A modal window (transfer, help) keeps the keyboard to itself.
      if (document.querySelector('dialog[open]') && action !== 'help') return;
      e.preventDefault();
      const now = store.getState();
      if (action === 'next' || action === 'previous') {
        const next = neighbourChat(chatOrder(now), now.selectedChatId, action === 'next' ? 1 : -1);
        if (next) store.select(next);
      } else if (action === 'accept') {
        const first = queueOf(now)[0];
        if (first) void store.accept(first.id);
      } else if (action === 'help') {
        setHelpOpen((open) => !open);
      } else {
        document.querySelector<HTMLElement>(focusTargets[action])?.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [store]);

  return (
    <main class="inbox" data-pane={chat ? pane : 'lists'}>
      <h1 class="visually-hidden">{t('Inbox')}</h1>
      <ChatList footer={<InboxFooter onShowShortcuts={() => setHelpOpen(true)} />} onOpen={() => setPane('chat')} />
      <div class="inbox-main">
        {state.notice && (
          <div class="notice" role="alert">
            <span>{state.notice}</span>
            <button type="button" class="button button-quiet" onClick={() => store.dismissNotice()}>
              {t('Dismiss')}
            </button>
          </div>
        )}
        {chat ? (
          <ChatPane key={chat.id} chat={chat} onBack={() => setPane('lists')} onShowVisitor={() => setVisitorSheet(true)} />
        ) : (
          <div class="empty-pane">
            <p>{t('Select a chat from the queue or from your chats.')}</p>
            <p class="muted small">{t('Alt+A accepts the next waiting chat · Alt+/ lists the shortcuts')}</p>
          </div>
        )}
      </div>
      {chat && <VisitorPanel chat={chat} thread={state.threads[chat.id] ?? null} surveys={state.surveys[chat.id] ?? null} />}
      {chat && visitorSheet && (
        <VisitorSheet onClose={() => setVisitorSheet(false)}>
          <VisitorPanel chat={chat} thread={state.threads[chat.id] ?? null} surveys={state.surveys[chat.id] ?? null} />
        </VisitorSheet>
      )}
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </main>
  );
}

function chatFromLink(): string | null {
  return new URLSearchParams(location.search).get('chat');
}
