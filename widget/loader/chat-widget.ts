import { isParleyMessage, type FrameToHost, type HostToFrame } from '../frame-messages.ts';
import { readFrameValues, writeFrameValue } from './host-storage.ts';
import { HOST_STYLE, LAUNCHER_ICONS, SHADOW_CSS } from './launcher-styles.ts';

export interface ChatWidget {
  open(): void;
  close(): void;
  toggle(): void;
  /** Creates the iframe ahead of the first open, so the window opens at once. */
  preload(): void;
}

/**
 * The launcher button and the chat window's iframe, in a shadow root on the host page.
 * The iframe is created on first open or when `preload` is called (the page is idle).
 */
export function mountChatWidget(serverOrigin: string, win: Window = window): ChatWidget {
  const doc = win.document;
  const host = doc.createElement('parley-widget');
  host.setAttribute('style', HOST_STYLE);
  // Open, not closed: assistive tech and test drivers need to reach the launcher.
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    `<style>${SHADOW_CSS}</style>` +
    `<div class="frame"></div>` +
    `<button type="button" class="launcher" aria-label="Open chat" aria-expanded="false" aria-describedby="parley-unread">` +
    `${LAUNCHER_ICONS}<span class="badge" aria-hidden="true" hidden></span></button>` +
    `<span class="sr" id="parley-unread" hidden></span>`;
  const frameBox = root.querySelector('.frame') as HTMLDivElement;
  const launcher = root.querySelector('.launcher') as HTMLButtonElement;
  const badge = root.querySelector('.badge') as HTMLSpanElement;
  const unreadText = root.querySelector('.sr') as HTMLSpanElement;
  doc.body.appendChild(host);

  let iframe: HTMLIFrameElement | null = null;
  let frameReady = false;
  let isOpen = false;

  function tellFrame(message: HostToFrame): void {
    if (iframe?.contentWindow && frameReady) iframe.contentWindow.postMessage(message, serverOrigin);
  }

  function preload(): void {
    if (iframe) return;
    iframe = doc.createElement('iframe');
    iframe.title = 'Chat window';
    iframe.src = `${serverOrigin}/widget/?host=${encodeURIComponent(win.location.origin)}`;
    iframe.setAttribute('allow', 'clipboard-write');
    frameBox.appendChild(iframe);
  }

  function showUnread(count: number): void {
    const shown = count > 0 && !isOpen;
    badge.hidden = unreadText.hidden = !shown;
    badge.textContent = count > 99 ? '99+' : String(count);
    unreadText.textContent = `${count} unread ${count === 1 ? 'message' : 'messages'}`;
  }

  function open(): void {
    if (isOpen) return;
    isOpen = true;
    preload();
    frameBox.classList.add('open');
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', 'Close chat');
    showUnread(0);
    iframe!.focus();
    tellFrame({ parley: 1, type: 'open' });
  }

  function close(): void {
    if (!isOpen) return;
    isOpen = false;
    // Focus was in the window that is about to be hidden: give it back to the launcher.
    const focusInside = doc.activeElement === host && root.activeElement !== launcher;
    frameBox.classList.remove('open');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', 'Open chat');
    if (focusInside) launcher.focus();
    tellFrame({ parley: 1, type: 'close' });
  }

  const toggle = () => (isOpen ? close() : open());
  launcher.addEventListener('click', toggle);
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape' && isOpen) close();
  });

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== serverOrigin || !iframe || event.source !== iframe.contentWindow) return;
    if (!isParleyMessage<FrameToHost>(event.data)) return;
    const msg = event.data;
    if (msg.type === 'ready') {
      frameReady = true;
      const page = { url: win.location.href, title: doc.title, referrer: doc.referrer };
      tellFrame({ parley: 1, type: 'hello', page, saved: msg.wantsStorage === true ? readFrameValues(win) : null });
      if (isOpen) tellFrame({ parley: 1, type: 'open' });
    } else if (msg.type === 'store') {
      writeFrameValue(win, msg.key, msg.value);
    } else if (msg.type === 'close') {
      close();
    } else if (msg.type === 'unread' && typeof msg.count === 'number') {
      showUnread(msg.count);
    }
  });

  return { open, close, toggle, preload };
}
