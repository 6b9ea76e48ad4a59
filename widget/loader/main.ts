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

async function start(): Promise<void> {
  if (window.Parley?.loaded) return;
  const origin = serverOriginOf(script, document);
  if (!origin) {
    console.error('Parley: load widget.js from the Parley server');
    return;
  }
  const options = { ...script?.dataset } as Record<string, string>;
  // The launcher is drawn once its colors are known (or the server can't say), never twice.
  const look: LauncherLook = await fetch(`${origin}/api/widget/config`)
    .then((res) => res.json())
    .catch(() => ({}));
  const widget = mountChatWidget(origin, options, { ...look, ...options });
  installParleyApi(window, widget);
  // The window loads in the background once the page has finished its own work.
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(widget.preload, { timeout: 4000 }) : setTimeout(widget.preload, 1500);
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
}

if (document.body) void start();
else document.addEventListener('DOMContentLoaded', () => void start(), { once: true });
