import { type FrameToHost, type HostLook, type HostPage, type HostToFrame, type SiteCall } from '../frame-messages.ts';
import { readFrameValues, writeFrameValue } from './host-storage.ts';
import { HOST_STYLE, LAUNCHER_ICONS, SHADOW_CSS } from './launcher-styles.ts';

/** The site's commands the loader runs itself. */
export interface LauncherCommands {
  open(): void;
  close(): void;
  toggle(): void;
  /** Shows or hides the whole widget (a checkout page may want no launcher). */
  show(): void;
  hide(): void;
  /** `Parley('on', name, callback)`: `open` and `close` from here, the rest from the window. */
  on(name: string, callback: (detail?: unknown) => void): void;
}

export interface ChatWidget {
  commands: LauncherCommands;
  /** Passes a site's call to the chat window; calls made before it is ready wait, in order. */
  forward(call: SiteCall): void;
  /** Creates the iframe ahead of the first open, so the window opens at once. */
  preload(): void;
}

/** How the launcher looks: the owner's settings, overridden by the script tag's `data-` attributes. */
export interface LauncherLook {
  color?: string;
  position?: string;
  launcherText?: string;
}

/** An SPA usually sets the new title just after it changes the address: report it after that. */
export const PAGE_SETTLE_MS = 300;

/**
 * The launcher button and the chat window's iframe, in a shadow root on the host page.
 * The iframe is created on first open or when `preload` is called (the page is idle).
 */
export function mountChatWidget(
  serverOrigin: string,
  options: Record<string, string>,
  launcherLook: LauncherLook,
  win: Window = window,
): ChatWidget {
  const doc = win.document;
  const location = win.location;
  const host = doc.createElement('parley-widget');
  host.setAttribute('style', HOST_STYLE);
  // Open, not closed: assistive tech and test drivers need to reach the launcher.
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    `<style>${SHADOW_CSS}</style><div class="frame"></div><button class="launcher" aria-expanded="false">` +
    `${LAUNCHER_ICONS}<span class="txt"></span><span class="badge" hidden></span></button>`;
  const [frameBox, launcher, launcherText, badge] = root.querySelectorAll<HTMLElement>('.frame,.launcher,.txt,.badge') as unknown as HTMLElement[];
  const style = (element: HTMLElement, name: string, value: string) => element.style.setProperty(name, value);

  const color = launcherLook.color;
  if (color) {
    style(host, '--c', color);
    // A light brand color gets dark text, so the launcher stays readable.
    const rgb = /^#[0-9a-f]{6}$/i.test(color) ? parseInt(color.slice(1), 16) : 0;
    if ((rgb >> 16) * 0.299 + ((rgb >> 8) & 255) * 0.587 + (rgb & 255) * 0.114 > 170) style(host, '--f', '#111');
  }
  if (launcherLook.position === 'left') host.className = 'l';
  launcherText.textContent = launcherLook.launcherText || '';
  doc.body.appendChild(host);

  // English until the window, which knows the visitor's language, sends its own words.
  let look: Pick<HostLook, 'open' | 'close' | 'frame' | 'badge'> = { open: launcherLook.launcherText || 'Open chat', close: 'Close chat', frame: 'Chat window', badge: '' };
  let iframe: HTMLIFrameElement | null = null;
  let frameReady = false;
  let isOpen = false;
  let ready = false;
  let calls: SiteCall[] = [];
  const handlers: Record<string, Array<(detail?: unknown) => void>> = {};

  const post = (message: HostToFrame) => iframe!.contentWindow!.postMessage(message, serverOrigin);
  const tellFrame = (message: HostToFrame) => frameReady && post(message);
  const page = (): HostPage => ({ url: location.href, title: doc.title, referrer: doc.referrer, lang: doc.documentElement.lang });
  // Each site callback runs on its own: one that throws can't stop the others or the widget.
  const emit = (name: string, detail?: unknown) => (handlers[name] || []).map((callback) => setTimeout(callback, 0, detail));

  function label(): void {
    launcher.setAttribute('aria-label', isOpen ? look.close : look.open);
    badge.hidden = !look.badge || isOpen;
    badge.textContent = look.badge;
    if (iframe) iframe.title = look.frame;
  }
  label();

  function preload(): void {
    if (iframe) return;
    iframe = doc.createElement('iframe');
    iframe.src = `${serverOrigin}/widget/?host=${encodeURIComponent(location.origin)}`;
    iframe.allow = 'autoplay; clipboard-write';
    label();
    frameBox.appendChild(iframe);
  }

  function setOpen(open: boolean): void {
    if (isOpen === open) return;
    // Focus was in the window that is about to be hidden: give it back to the launcher.
    const focusInside = !open && doc.activeElement === host && root.activeElement !== launcher;
    isOpen = open;
    preload();
    frameBox.className = open ? 'frame open' : 'frame';
    launcher.setAttribute('aria-expanded', String(open));
    label();
    if (open) {
      fitViewport();
      iframe!.focus();
    } else if (focusInside) launcher.focus();
    tellFrame({ parley: 1, type: open ? 'open' : 'close' });
    emit(open ? 'open' : 'close');
  }

  // A phone's on-screen keyboard shrinks only the visual viewport: the open window follows it.
  const viewport = win.visualViewport;
  function fitViewport(): void {
    if (!viewport) return;
    style(frameBox, '--vh', `${viewport.height}px`);
    style(frameBox, '--vt', `${viewport.offsetTop}px`);
  }
  viewport?.addEventListener('resize', fitViewport);
  viewport?.addEventListener('scroll', fitViewport);

  // SPA navigations: the history API changes the address without a load. Calls to it go
  // through as before; the window hears of each new address, with the title the page has
  // once it has settled (routers set it just after).
  let lastUrl = location.href;
  function moved(): void {
    const url = location.href;
    if (lastUrl === url) return;
    lastUrl = url;
    setTimeout(() => tellFrame({ parley: 1, type: 'page', page: { ...page(), url } }), PAGE_SETTLE_MS);
  }
  const history = win.history;
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      moved();
    };
  }
  win.addEventListener('popstate', moved);

  launcher.addEventListener('click', () => setOpen(!isOpen));
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape') setOpen(false);
  });

  win.addEventListener('message', (event: MessageEvent) => {
    // Only our own frame passes this check, and it posts nothing but FrameToHost messages.
    if (event.origin !== serverOrigin || !iframe || event.source !== iframe.contentWindow) return;
    const msg = event.data as FrameToHost;
    if (msg.type === 'ready') {
      frameReady = true;
      // Addresses the page went through before now are not reported: the hello's page is the first view.
      post({ parley: 1, type: 'hello', page: page(), saved: msg.wantsStorage ? readFrameValues(win) : null, options, calls });
      calls = [];
      if (isOpen) {
        post({ parley: 1, type: 'open' });
        // Focus given to a frame still loading is lost, and focusing the frame again does
        // nothing while it counts as focused: blur first. Not if the visitor has moved on.
        if (doc.activeElement === host) {
          iframe.blur();
          iframe.focus();
        }
      }
    } else if (msg.type === 'store') {
      writeFrameValue(win, msg.key, msg.value);
    } else if (msg.type === 'event') {
      if (msg.name === 'ready') ready = true;
      emit(msg.name, msg.detail);
    } else if (msg.type === 'look') {
      look = msg;
      label();
      frameBox.classList.toggle('t', msg.teaserHeight > 0 && !isOpen);
      style(frameBox, '--th', `${msg.teaserHeight}px`);
      if (msg.title) doc.title = msg.title;
    } else if (msg.type === 'open' || msg.type === 'close') {
      setOpen(msg.type === 'open');
    }
  });

  const display = (value: string) => () => host.style.setProperty('display', value, 'important');
  return {
    commands: {
      open: () => setOpen(true),
      close: () => setOpen(false),
      toggle: () => setOpen(!isOpen),
      show: display('inline'),
      hide: display('none'),
      on(name, callback) {
        if (typeof callback !== 'function') return;
        (handlers[name] ||= []).push(callback);
        if (name === 'ready' && ready) callback();
      },
    },
    forward(call) {
      try {
        // Only plain data crosses to the window (a function or a DOM node can't be posted).
        call = JSON.parse(JSON.stringify(call));
      } catch (err) {
        return console.warn('Parley:', err);
      }
      if (frameReady) post({ parley: 1, type: 'call', call });
      else calls.push(call);
    },
    preload,
  };
}
