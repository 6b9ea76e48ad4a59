/**
 * The script tag a site owner pastes:
 *   <script src="https://chat.example.com/widget.js" async></script>
 * with optional `data-color`, `data-position`, `data-launcher-text`, `data-locale`,
 * `data-department` and `data-theme` over the owner's settings. Calls made before it loads
 * are queued by the snippet
 *   window.Parley = window.Parley || function(){(Parley.q=Parley.q||[]).push(arguments)}
 * and run here in order.
 */
import { mountChatWidget, type LauncherLook } from './chat-widget.ts';
import { installParleyApi, type ParleyGlobal } from './parley-api.ts';
import { serverOriginOf } from './server-origin.ts';

declare global {
  interface Window {
    Parley?: ParleyGlobal;
  }
}

const script = document.currentScript as HTMLScriptElement | null;

/**
 * Resolves when the page has a moment to spare: all the loader's work after its evaluation
 * waits for one, so it never stands in the way of the page's own (Safari has no
 * requestIdleCallback: a short timer there).
 */
const idle = () =>
  new Promise<unknown>((resolve) => ('requestIdleCallback' in window ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve)));
const happened = (name: string) => new Promise((resolve) => addEventListener(name, resolve, { once: true }));

async function start(): Promise<void> {
  const origin = serverOriginOf(script, document);
  if (!origin) return console.error('Parley: widget.js has no server');
  const options = { ...script?.dataset } as Record<string, string>;
  if (document.readyState === 'loading') await happened('DOMContentLoaded');
  await idle();
  // The launcher is drawn once its colors are known (or the server can't say), never twice.
  const look: LauncherLook = await fetch(`${origin}/api/widget/config`)
    .then((res) => res.json())
    .catch(() => ({}));
  await idle();
  // A page that carries the tag twice gets one widget: the first to get here.
  if (window.Parley?.loaded) return;
  const widget = mountChatWidget(origin, options, { ...look, ...options });
  installParleyApi(window, widget);
  // The window loads in the background once the page has finished loading and is idle again.
  if (document.readyState !== 'complete') await happened('load');
  await idle();
  widget.preload();
}

void start();
