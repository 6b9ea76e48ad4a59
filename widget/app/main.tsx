import { render } from 'preact';
import { io } from 'socket.io-client';
import { ChatSession, type VisitorSocket } from './chat-session.ts';
import { ChatWindow } from './chat-window.tsx';
import { connectHostBridge } from './host-bridge.ts';
import { browserStore } from './local-store.ts';
import './styles.css';

// The app is served by the Parley server itself, so its own origin is the server's.
const serverUrl = location.origin;
const bridge = connectHostBridge();
const session = new ChatSession({
  serverUrl,
  store: browserStore(),
  connect: (token) => io(`${serverUrl}/visitor`, { auth: { token } }) as VisitorSocket,
  page: bridge.page,
  watching: () => bridge.isOpen() && document.visibilityState === 'visible',
  locale: navigator.language,
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
});
render(<ChatWindow session={session} bridge={bridge} embedded={window.parent !== window} />, document.getElementById('app')!);
void session.start();
