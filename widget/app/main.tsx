import { render } from 'preact';
import { io } from 'socket.io-client';
import { newId } from '../../shared/ids.ts';
import type { WidgetConfig } from '../../shared/protocol.ts';
import type { HostPage, SiteCall } from '../frame-messages.ts';
import { Attention, followUnread } from './attention.ts';
import { openOnAgentStartedChat } from './agent-started.ts';
import { hoursFor, isOpenAt } from '../../shared/business-hours.ts';
import { ChatSession, type VisitorSocket } from './chat-session.ts';
import { ChatWindow } from './chat-window.tsx';
import { connectHostBridge } from './host-bridge.ts';
import { InvitationSlot } from './invitation-slot.tsx';
import { Invitations } from './invitations.ts';
import { frameStorage, mirroredStore, storageStore } from './local-store.ts';
import { PageViews } from './page-views.ts';
import { PreChat } from './pre-chat.ts';
import { runSiteCall } from './site-calls.ts';
import { followChatEvents, followSurveyAnswers } from './site-events.ts';
import { SurveySession } from './surveys/survey-session.ts';
import { NpsCardSlot } from './surveys/survey-slots.tsx';
import { Visit } from './visit.ts';
import { loadWidgetConfig, textColorOn } from './widget-config.ts';
import { WordsContext } from './words-context.ts';
import { EN, loadWords, pickLanguage, type Words } from './words.ts';
import './styles.css';

// The app is served by the Parley server itself, so its own origin is the server's.
const serverUrl = location.origin;
const storage = frameStorage();
const bridge = connectHostBridge(window, { wantsStorage: !storage });

/** The script tag's `data-` attributes win over the owner's settings for that page. */
function withTagOptions(config: WidgetConfig, options: Record<string, string>): WidgetConfig {
  const look = { ...config };
  if (/^#[0-9a-f]{6}$/i.test(options.color ?? '')) look.color = options.color!;
  if (options.position === 'left' || options.position === 'right') look.position = options.position;
  if (options.theme === 'light' || options.theme === 'dark' || options.theme === 'auto') look.theme = options.theme;
  if (options.launcherText !== undefined) look.launcherText = options.launcherText;
  return look;
}

function applyLook(config: WidgetConfig): void {
  const root = document.documentElement;
  root.dataset.theme = config.theme;
  root.dataset.side = config.position;
  root.style.setProperty('--brand', config.color);
  root.style.setProperty('--on-brand', textColorOn(config.color));
}

async function start(): Promise<void> {
  const [hello, loaded] = await Promise.all([bridge.hello(), loadWidgetConfig(serverUrl)]);
  // Browsers that block third-party storage would make every reload a new visitor: then the
  // loader keeps the token on the host page for us.
  const store = storage ? storageStore(storage) : mirroredStore(hello?.saved ?? {}, bridge.saveOnHost);
  const options = hello?.options ?? {};
  const config = withTagOptions(loaded.config, options);
  applyLook(config);

  let page: HostPage | null = hello?.page ?? null;
  // The language follows Parley('locale') (or data-locale), then the page, then the browser.
  let siteLocale: string | null = options.locale ?? null;
  // A Parley('locale') made before the window was ready decides its first words too.
  for (const [command, tag] of hello?.calls ?? []) if (command === 'locale' && typeof tag === 'string' && tag.trim()) siteLocale = tag.trim();
  const candidates = () => [siteLocale, page?.lang, ...navigator.languages];
  const language = () => pickLanguage(candidates());
  const localeTag = () => candidates().find((tag) => tag && pickLanguage([tag]) === language()) ?? language();
  // Russian and Bulgarian come as chunks of their own; English if one can't be had.
  const wordsFor = (wanted: ReturnType<typeof language>): Promise<Words> => loadWords(wanted).catch(() => EN);
  let words = await wordsFor(language());

  const surveys = new SurveySession();
  const session = new ChatSession({
    serverUrl,
    store,
    // Polling first, then WebSocket (socket.io's default, less WebTransport, which Parley's
    // server doesn't offer and the build leaves out: vite.config.ts).
    connect: (token) => surveys.attach(io(`${serverUrl}/visitor`, { auth: { token }, transports: ['polling', 'websocket'] }) as VisitorSocket),
    // With tracking off the server hears nothing about the pages the visitor reads.
    page: async () => (config.tracking ? page : null),
    watching: () => bridge.isOpen() && document.visibilityState === 'visible',
    locale: localeTag(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    department: options.department,
    words: () => words,
  });
  surveys.follow(session);

  const hoursOpen = () => {
    const hours = hoursFor(config.businessHours, session.state.department ?? undefined);
    return !hours || isOpenAt(hours, Date.now() + loaded.clockOffsetMs);
  };
  const visit = new Visit(store, Date.now());
  // The open window and a due NPS card take the place by the launcher: no invitation then.
  const placeTaken = () => bridge.isOpen() || !!surveys.state.nps;
  const invitations = new Invitations({
    rules: config.invitations,
    visit,
    record: (report) => void session.request('invitation:event', { id: newId('inv_'), ...report }),
    mayInvite: () => {
      const { phase, agentsOnline, chat } = session.state;
      // Until the server has listed what is due, an NPS card may yet come.
      const free = surveys.state.listed && !placeTaken() && !bridge.isHidden();
      // Someone who has chatted in this visit (server time against the visit's start) is not invited to chat.
      const chatted = !!chat && (chat.status !== 'closed' || chat.closedAt! >= visit.startedAt + loaded.clockOffsetMs);
      return free && phase === 'live' && agentsOnline && hoursOpen() && !chatted;
    },
    placeTaken,
    openWindow: () => bridge.requestOpen(),
  });
  // A due invitation waits for the chat to be live, someone online, no chat going on and the
  // place free; one on screen gives way to the window or a card as they come.
  const rethink = () => (placeTaken() ? invitations.giveWay() : invitations.recheck());
  session.subscribe(rethink);
  bridge.onOpenChange(rethink);
  bridge.onHiddenChange(rethink);
  surveys.subscribe(rethink);
  const preChat = new PreChat(store);
  const attention = new Attention({
    store,
    setTitle: bridge.setPageTitle,
    pageTitle: () => page?.title ?? '',
    flashText: (unseen) => `(${unseen}) ${words.newMessage}`,
  });
  followUnread(session, attention);
  openOnAgentStartedChat(session, () => bridge.requestOpen());

  const emit = (name: string, detail?: unknown) => {
    if (name === 'chat:started') invitations.chatStarted((detail as { chatId: string }).chatId);
    bridge.emit(name, detail);
  };
  followChatEvents(session, emit);
  followSurveyAnswers(surveys, emit);

  const pageViews = new PageViews((view) => {
    void session.request('page:view', view).then((res) => {
      if (!res.ok) console.warn(`Parley: page view not recorded: ${res.error}`);
    });
  });
  const pageSeen = (next: HostPage) => {
    const languageBefore = language();
    page = next;
    visit.touch(Date.now());
    if (config.tracking) pageViews.seen(next);
    invitations.pageChanged(next.url);
    if (language() !== languageBefore) void relocalize();
  };

  const draw = () =>
    render(
      <WordsContext.Provider value={words}>
        <InvitationSlot invitations={invitations} bridge={bridge} siteName={config.siteName}>
          <NpsCardSlot surveys={surveys} bridge={bridge}>
            <ChatWindow
              session={session}
              bridge={bridge}
              embedded={window.parent !== window}
              surveys={surveys}
              config={config}
              clockOffsetMs={loaded.clockOffsetMs}
              attention={attention}
              preChat={preChat}
            />
          </NpsCardSlot>
        </InvitationSlot>
      </WordsContext.Provider>,
      document.getElementById('app')!,
    );
  async function relocalize(): Promise<void> {
    const wanted = language();
    const next = await wordsFor(wanted);
    // A later change of language while this one loaded wins.
    if (wanted !== language()) return;
    words = next;
    document.documentElement.lang = words.language;
    session.setProfile({ locale: localeTag() });
    draw();
  }

  const siteCall = (call: SiteCall) =>
    runSiteCall(call, {
      session,
      setLocale: (tag) => {
        siteLocale = tag;
        void relocalize();
      },
      invite: (text) => invitations.invite(text),
      identified: (who) => preChat.identified(who),
    });
  // The calls the site made before the window was ready come first, in order.
  for (const call of hello?.calls ?? []) siteCall(call);
  bridge.onCall(siteCall);
  bridge.onPage(pageSeen);
  if (page) pageSeen(page);

  document.documentElement.lang = words.language;
  draw();
  await session.start();
}

void start();
