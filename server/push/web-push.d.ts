// The part of web-push (3.x, no types of its own) that Parley uses.
declare module 'web-push' {
  import type { Agent } from 'node:https';
  export interface PushSubscription {
    endpoint: string;
    keys: { p256dh: string; auth: string };
  }
  export interface SendOptions {
    vapidDetails: { subject: string; publicKey: string; privateKey: string };
    TTL?: number;
    urgency?: 'very-low' | 'low' | 'normal' | 'high';
    topic?: string;
    agent?: Agent;
    timeout?: number;
  }
  export class WebPushError extends Error {
    statusCode: number;
    body: string;
    endpoint: string;
  }
  export function generateVAPIDKeys(): { publicKey: string; privateKey: string };
  export function sendNotification(subscription: PushSubscription, payload: string, options: SendOptions): Promise<{ statusCode: number }>;
  const webpush: { generateVAPIDKeys: typeof generateVAPIDKeys; sendNotification: typeof sendNotification; WebPushError: typeof WebPushError };
  export default webpush;
}
