/**
 * The script tag a site owner pastes:
 *   <script src="https://chat.example.com/widget.js" async></script>
 * Calls made before it loads are queued by the snippet
 *   window.Parley = window.Parley || function(){(Parley.q=Parley.q||[]).push(arguments)}
 * and run here in order.
 */
import { mountChatWidget } from './chat-widget.ts';
import { installParleyApi, type ParleyGlobal } from './parley-api.ts';
import { serverOriginOf } from './server-origin.ts';

declare global {
  interface Window {
    Parley?: ParleyGlobal;
  }
}

const script = document.currentScript as HTMLScriptElement | null;

function start(): void {
  if (window.Parley?.loaded) return;
  const origin = serverOriginOf(script, document);
  if (!origin) {
    console.error('Parley: cannot tell the server from the script tag; load it as <script src=".../widget.js">');
    return;
  }
  const widget = mountChatWidget(origin);
  installParleyApi(window, widget);
  // The window loads in the background once the page has finished its own work.
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(widget.preload, { timeout: 4000 }) : setTimeout(widget.preload, 1500);
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
