// The console's service worker, served at /console/sw.js (scope /console/). It keeps the
// app's shell (the page, every hashed script and style of the build, the manifest and icons)
// in a cache, so the installed app starts from it and, with the network gone, opens the shell
// that says "Reconnecting…" instead of a browser error page. It also shows Web Push notifications and
// opens the chat a notification is about.
//
// It imports nothing: Vite builds it as its own entry, with no chunk shared with the app.

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown; text(): string } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification & { data: unknown };
}
interface WindowClient {
  url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}
interface Worker {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
  registration: ServiceWorkerRegistration;
  clients: {
    claim(): Promise<void>;
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  skipWaiting(): Promise<void>;
  location: Location;
}
const worker = self as unknown as Worker;

/** Set by the build (vite.config.ts, shellVersion): a hash of everything the build made. */
declare const __SHELL_VERSION__: string;
/**
 * Set by the build too: its hashed files ("assets/…"), the pages that load later among them,
 * so that an installed app opens those offline even before they were first visited.
 */
declare const __SHELL_ASSETS__: string[];
// One cache per build: a new deployment's worker keeps its shell apart, and on activate
// deletes the caches of the builds before it (their hashed files are dead weight).
const CACHE = `parley-console-${__SHELL_VERSION__}`;
const scope = new URL(worker.registration.scope).pathname; // "/console/"
const shellUrl = scope;
const fixedFiles = [shellUrl, `${scope}manifest.webmanifest`, `${scope}icons/icon-192.png`, `${scope}icons/icon-512.png`];

async function cacheShell(): Promise<void> {
  const cache = await caches.open(CACHE);
  await cache.addAll([...fixedFiles, ...__SHELL_ASSETS__.map((file) => `${scope}${file}`)]);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('parley-console-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => worker.clients.claim()),
  );
});

/** The page from the network (kept as the shell for later), or the kept shell when there is none. */
async function page(request: Request): Promise<Response> {
  try {
    const fresh = await fetch(request);
    if (fresh.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(shellUrl, fresh.clone());
    }
    return fresh;
  } catch {
    const kept = await caches.match(shellUrl);
    if (kept) return kept;
    throw new Error('offline, and no shell kept yet');
  }
}

/** Hashed files never change: from the cache when there, else fetched and kept. */
async function keptFile(request: Request): Promise<Response> {
  const kept = await caches.match(request);
  if (kept) return kept;
  const fresh = await fetch(request);
  if (fresh.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, fresh.clone());
  }
  return fresh;
}

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== worker.location.origin || !url.pathname.startsWith(scope)) return;
  if (request.mode === 'navigate') event.respondWith(page(request));
  else if (url.pathname.startsWith(`${scope}assets/`)) event.respondWith(keptFile(request));
  else if (fixedFiles.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(request).then((kept) => kept ?? Response.error())));
  }
});

/** What the server sends (server/push/push-notifier.ts, PushPayload). */
interface PushPayload {
  title: string;
  body: string;
  chatId: string;
  url: string;
  tag: string;
}

worker.addEventListener('push', (event) => {
  let payload: PushPayload;
  try {
    payload = event.data?.json() as PushPayload;
  } catch {
    return;
  }
  if (!payload?.title) return;
  event.waitUntil(
    worker.registration.showNotification(payload.title, {
      body: payload.body,
      tag: payload.tag,
      icon: `${scope}icons/icon-192.png`,
      data: { url: payload.url, chatId: payload.chatId },
    }),
  );
});

/** A tap opens that chat: in a console window already open, else in a new one. */
worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: string } | null;
  const opened = openChat(new URL(data?.url ?? scope, worker.location.origin).href);
  try {
    event.waitUntil(opened);
  } catch {
    // An event the page made (not the browser) cannot be waited for; the chat opens anyway.
  }
});

async function openChat(url: string): Promise<void> {
  const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).pathname.startsWith(scope));
  if (!open) {
    await worker.clients.openWindow(url);
    return;
  }
  const shown = (await open.navigate(url)) ?? open;
  // Focusing needs the tap's user activation; without it the window still shows the chat.
  await shown.focus().catch(() => {});
}
