import { render } from 'preact';
import { io } from 'socket.io-client';
import { ChatSession, type VisitorSocket } from './chat-session.ts';
import { ChatWindow } from './chat-window.tsx';
import { connectHostBridge } from './host-bridge.ts';
import { frameStorage, mirroredStore, storageStore } from './local-store.ts';
import { SurveySession } from './surveys/survey-session.ts';
import './styles.css';

// The app is served by the Parley server itself, so its own origin is the server's.
const serverUrl = location.origin;
const storage = frameStorage();
const bridge = connectHostBridge(window, { wantsStorage: !storage });

async function start(): Promise<void> {
  // Browsers that block third-party storage would make every reload a new visitor: then the
  // loader keeps the token on the host page for us.
  const store = storage
    ? storageStore(storage)
    : mirroredStore((await bridge.hello())?.saved ?? {}, bridge.saveOnHost);
  const surveys = new SurveySession();
  const session = new ChatSession({
    serverUrl,
    store,
    connect: (token) => surveys.attach(io(`${serverUrl}/visitor`, { auth: { token } }) as VisitorSocket),
    page: async () => (await bridge.hello())?.page ?? null,
    watching: () => bridge.isOpen() && document.visibilityState === 'visible',
    locale: navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  surveys.follow(session);
  render(
    <ChatWindow session={session} bridge={bridge} embedded={window.parent !== window} surveys={surveys} />,
    document.getElementById('app')!,
  );
  await session.start();
}

void start();
