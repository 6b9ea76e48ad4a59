import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import type { PushPreferences } from '../../shared/push-schemas.ts';
import { language } from './i18n.ts';

// This device's Web Push subscription (issue 14): the browser's PushManager, through the
// console's service worker, and the server's /api/push routes.

export type { PushPreferences } from '../../shared/push-schemas.ts';

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in globalThis && 'Notification' in globalThis;
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  return (await navigator.serviceWorker.getRegistration(import.meta.env.BASE_URL)) ?? null;
}

export async function devicePushOn(): Promise<boolean> {
  const reg = await registration();
  return !!(reg && (await reg.pushManager.getSubscription()) && Notification.permission === 'granted');
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Asks for permission (call it on a click), subscribes this device and tells the server. */
export async function turnPushOn(): Promise<NotificationPermission | 'unsupported'> {
  const reg = pushSupported() ? await navigator.serviceWorker.ready : null;
  if (!reg) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission;
  const { publicKey } = await request(routes.pushPublicKey);
  const subscription =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  const { keys } = subscription.toJSON();
  await request(routes.pushSubscribe, { body: { endpoint: subscription.endpoint, keys: { p256dh: keys?.p256dh ?? '', auth: keys?.auth ?? '' }, language: language() } });
  return 'granted';
}

export async function turnPushOff(): Promise<void> {
  const subscription = await (await registration())?.pushManager.getSubscription();
  if (!subscription) return;
  await request(routes.pushUnsubscribe, { body: { endpoint: subscription.endpoint } }).catch(() => {});
  await subscription.unsubscribe();
}

export const pushPreferences = async () => (await request(routes.pushPreferences)).preferences;
export const savePushPreferences = (body: PushPreferences) => request(routes.changePushPreferences, { body });
