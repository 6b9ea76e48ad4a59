import { useEffect, useRef, useState } from 'preact/hooks';
import type { VisitorChatView, WidgetConfig } from '../../shared/protocol.ts';
import type { Attention } from './attention.ts';
import { hoursFor, isOpenAt } from '../../shared/business-hours.ts';
import type { ChatSession, ChatState } from './chat-session.ts';
import { Composer } from './composer.tsx';
import type { HostBridge } from './host-bridge.ts';
import { MessageList } from './message-list.tsx';
import { OfflineForm } from './offline-form.tsx';
import type { PreChat } from './pre-chat.ts';
import { PreChatForm, type PreChatValues } from './prechat-form.tsx';
import type * as TranscriptModule from './transcript-request.tsx';
import { DEFAULT_CONFIG } from './widget-config.ts';
import { useWords } from './words-context.ts';
import type { Words } from './words.ts';
import type { SurveySession } from './surveys/survey-session.ts';
import { PostChatSurveySlot } from './surveys/survey-slots.tsx';

interface Props {
  session: ChatSession;
  bridge: HostBridge;
  /** Shown inside a page by the loader (so it can be minimized), not opened on its own. */
  embedded: boolean;
  /** CSAT and CES once the chat has closed. */
  surveys?: SurveySession;
  /** The owner's settings (greeting, launcher text, pre-chat form, opening hours). */
  config?: WidgetConfig;
  /** The server's clock minus ours, for the opening hours. */
  clockOffsetMs?: number;
  /** The chime and its mute switch. */
  attention?: Attention;
  /** The pre-chat form's memory; no form without it. */
  preChat?: PreChat;
}

/** Opening hours are checked again this often, so the window changes when the team opens or closes. */
export const HOURS_CHECK_MS = 30_000;

function useHoursOpen(config: WidgetConfig, department: string | null, clockOffsetMs: number): boolean {
  const hours = hoursFor(config.businessHours, department ?? undefined);
  const check = () => !hours || isOpenAt(hours, Date.now() + clockOffsetMs);
  const [open, setOpen] = useState(check);
  useEffect(() => {
    setOpen(check());
    if (!hours) return;
    const timer = setInterval(() => setOpen(check()), HOURS_CHECK_MS);
    return () => clearInterval(timer);
  }, [hours, clockOffsetMs]);
  return open;
}

/**
 * The transcript form, fetched the first time a chat has ended (it is never needed before a
 * first message, so it is no part of the window's first load).
 */
function useTranscriptForm(needed: boolean): typeof TranscriptModule.TranscriptRequest | null {
  const [form, setForm] = useState<typeof TranscriptModule.TranscriptRequest | null>(null);
  useEffect(() => {
    if (!needed || form) return;
    import('./transcript-request.tsx').then(
      (loaded) => setForm(() => loaded.TranscriptRequest),
      // A failed fetch is tried again the next time a chat ends.
      () => {},
    );
  }, [needed, form]);
  return form;
}

function useMuted(attention: Attention | undefined): boolean {
  const [muted, setMuted] = useState(attention?.muted ?? false);
  useEffect(() => {
    setMuted(attention?.muted ?? false);
    return attention?.onMutedChange(setMuted);
  }, [attention]);
  return muted;
}

function useChatState(session: ChatSession): ChatState {
  const [state, setState] = useState(session.state);
  useEffect(() => {
    // Effects run a moment after the render (later still in a hidden frame): what changed in
    // between is taken now, or the window could stay on "Connecting…" for good.
    setState(session.state);
    return session.subscribe(setState);
  }, [session]);
  return state;
}

const isOpenChat = (chat: VisitorChatView | null) => !!chat && chat.status !== 'closed';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 1)).toUpperCase();
}

/** One line under the header about where the chat stands, for sighted and screen-reader users alike. */
function chatStatusLine(state: ChatState, canChat: boolean, t: Words): string | null {
  const { chat } = state;
  if (!chat || state.phase === 'blocked') return null;
  if (chat.status === 'closed') return canChat ? t.endedStartNew : t.ended;
  // The server writes "Anna joined the chat" into the conversation; the header names her.
  if (chat.status === 'active') return null;
  if (chat.channel === 'offline') return state.offlineSent ? t.offlineThanks : t.offlineReceived;
  return chat.queuePosition ? t.waitingInLine(chat.queuePosition) : t.waiting;
}

function headerStatus(state: ChatState, canChat: boolean, t: Words): string {
  if (state.phase === 'starting') return t.connecting;
  if (state.phase === 'blocked') return t.away;
  if (state.phase === 'unavailable' || !state.connected) return t.reconnecting;
  if (state.chat?.status === 'active' && state.chat.agent) return t.chattingWith(state.chat.agent.name);
  return canChat ? t.online : t.away;
}

/** The whole chat window inside the iframe. */
export function ChatWindow({ session, bridge, embedded, surveys, config = DEFAULT_CONFIG, clockOffsetMs = 0, attention, preChat }: Props) {
  const state = useChatState(session);
  const t = useWords();
  const root = useRef<HTMLDivElement>(null);
  const hoursOpen = useHoursOpen(config, state.department, clockOffsetMs);
  const muted = useMuted(attention);
  const [, preChatAnswered] = useState(0);
  const TranscriptForm = useTranscriptForm(config.transcriptByEmail && state.chat?.status === 'closed');

  const focusFirstField = () => root.current?.querySelector<HTMLElement>('textarea, select, input:not([hidden])')?.focus();

  // Opening the window puts the cursor where the visitor will type, and counts as reading.
  useEffect(() => {
    if (bridge.isOpen()) session.markRead();
    return bridge.onOpenChange((open) => {
      if (!open) return;
      session.markRead();
      focusFirstField();
    });
  }, [session, bridge]);

  useEffect(() => {
    const seen = () => {
      if (document.visibilityState === 'visible' && bridge.isOpen()) session.markRead();
    };
    document.addEventListener('visibilitychange', seen);
    return () => document.removeEventListener('visibilitychange', seen);
  }, [session, bridge]);

  // The launcher speaks the window's language and says what waits unread; the owner's
  // launcher text, when there is one, stays its name.
  useEffect(() => {
    const name = config.launcherText || t.openChat;
    bridge.setLauncher({
      open: state.unread ? `${name}, ${t.unreadMessages(state.unread)}` : name,
      close: t.closeChat,
      frame: t.chatWindow,
      badge: state.unread ? (state.unread > 99 ? '99+' : String(state.unread)) : '',
    });
  }, [bridge, state.unread, t, config.launcherText]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') bridge.requestClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [bridge]);

  const openChat = isOpenChat(state.chat);
  // Outside the department's hours nobody is expected to answer, even if someone is signed in.
  const canChat = state.agentsOnline && hoursOpen;
  const showOfflineForm = state.phase === 'live' && !canChat && !openChat && !state.offlineSent && !state.pending.length;
  const live = state.phase === 'live';
  const questions = preChat && live && !showOfflineForm && !openChat && !state.pending.length ? preChat.questions(config) : [];
  const showPreChat = questions.length > 0;

  const answerPreChat = async (values: Partial<PreChatValues>) => {
    if (values.name || values.email) {
      const res = await session.request('visitor:identify', { name: values.name, email: values.email });
      if (!res.ok) return { ok: false as const, error: res.error, field: res.field };
    }
    if (values.department) session.setProfile({ department: values.department });
    preChat!.complete();
    preChatAnswered((n) => n + 1);
    return { ok: true as const };
  };

  // A window opened before it had anything to type in gets the cursor once its fields appear
  // (never taken from the host page, if the visitor went back to it meanwhile). A frame that
  // was still loading gets focus from the loader a moment later: the cursor goes in then,
  // unless the visitor has already put it somewhere.
  useEffect(() => {
    if (!live || !bridge.isOpen()) return;
    if (document.hasFocus()) return focusFirstField();
    const focused = () =>
      setTimeout(() => {
        if (bridge.isOpen() && document.activeElement === document.body) focusFirstField();
      });
    window.addEventListener('focus', focused, { once: true });
    return () => window.removeEventListener('focus', focused);
  }, [live, showOfflineForm, showPreChat, bridge]);
  const statusLine = showOfflineForm ? null : chatStatusLine(state, canChat, t);
  const postChatSurveys = surveys && <PostChatSurveySlot surveys={surveys} bridge={bridge} chat={state.chat} />;
  const agent = openChat ? state.chat?.agent : null;
  const title = state.siteName || config.siteName || t.chat;

  return (
    <div class="window" ref={root}>
      <header class="header">
        <span class="avatar" aria-hidden="true">
          {initials(agent?.name ?? title)}
          <span class={`presence${canChat && state.connected ? ' on' : ''}`} />
        </span>
        <div class="titles">
          <h1>{title}</h1>
          <p class="subtitle">{headerStatus(state, canChat, t)}</p>
        </div>
        {openChat && live && (
          // Its words go out of sight in a narrow window (styles.css), and stay its name.
          <button type="button" class="end" title={t.endChat} onClick={() => session.endChat()}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9" />
            </svg>
            <span>{t.endChat}</span>
          </button>
        )}
        {embedded && (
          <button type="button" class="icon" aria-label={t.minimize} title={t.minimize} onClick={() => bridge.requestClose()}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6 9l6 6 6-6" />
            </svg>
          </button>
        )}
      </header>

      {state.notice && (
        <div class="notice" role="alert">
          <span>{state.notice}</span>
          <button type="button" class="link" onClick={() => session.dismissNotice()}>
            {t.dismiss}
          </button>
        </div>
      )}
      <div class="status-line" role="status">
        {statusLine && <span>{statusLine}</span>}
      </div>

      {state.phase === 'starting' && (
        <div class="placeholder">
          <span class="spinner" aria-hidden="true" />
          <p>{t.connectingToChat}</p>
        </div>
      )}
      {state.phase === 'blocked' && (
        <div class="placeholder" data-testid="chat-blocked">
          <p>
            <strong>{t.blocked}</strong>
          </p>
        </div>
      )}
      {state.phase === 'unavailable' && (
        <div class="placeholder">
          <p>
            <strong>{t.unavailable}</strong>
          </p>
          <p>{t.unavailableHint}</p>
        </div>
      )}
      {showOfflineForm && (
        <div class="body">
          {postChatSurveys}
          <OfflineForm lead={hoursOpen ? t.nobodyOnline : t.closedNow} onSubmit={(form) => session.submitOffline(form)} />
        </div>
      )}
      {showPreChat && (
        <div class="body">
          <PreChatForm questions={questions} departments={config.departments} department={state.department} onSubmit={answerPreChat} />
        </div>
      )}
      {live && !showOfflineForm && !showPreChat && (
        <>
          <MessageList
            messages={state.messages}
            pending={state.pending}
            agentTyping={state.agentTyping}
            onRetry={(id) => session.retry(id)}
            onDiscard={(id) => session.discard(id)}
            footer={
              <>
                {postChatSurveys}
                {TranscriptForm && state.chat?.status === 'closed' && (
                  <TranscriptForm
                    key={state.chat.id}
                    offer={() => session.transcriptOffer(state.chat!.id)}
                    onSend={(email) => session.emailTranscript(state.chat!.id, email)}
                  />
                )}
              </>
            }
          >
            {!state.chat && !state.messages.length && !state.pending.length && (
              <div class="welcome">
                {config.greeting ? (
                  <p class="hello">{config.greeting}</p>
                ) : (
                  <>
                    <p class="hello">{t.hello}</p>
                    <p>{t.helloHint}</p>
                  </>
                )}
              </div>
            )}
          </MessageList>
          <Composer
            onSend={(text) => session.send(text)}
            onSendFile={(file) => session.sendFile(file)}
            onDraftChange={(text) => session.noteTyping(text)}
            placeholder={state.chat?.status === 'closed' ? t.startNewChat : t.writeMessage}
          />
        </>
      )}
      <div class="footer">
        <p class="brand">{t.poweredBy}</p>
        {/* In the footer, not the header: the header keeps room for the agent's name and End chat in every language. */}
        {attention && (
          <button
            type="button"
            class="icon mute"
            aria-label={t.mute}
            title={t.mute}
            aria-pressed={muted}
            onClick={() => attention.setMuted(!muted)}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M4 9h4l5-4v14l-5-4H4z" />
              {muted ? <path d="M16 9l5 6M21 9l-5 6" /> : <path d="M16.5 8.5a5 5 0 0 1 0 7" />}
            </svg>
          </button>
        )}
      </div>
    </div>
  );
}
