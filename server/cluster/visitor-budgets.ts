import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { VisitorLimitsConfig } from '../config.ts';
import type { CounterStore } from './counters.ts';

// What an anonymous visitor may do, counted per visitor and per address (README "Abuse limits").
// The counters are shared by the nodes on one database, so a flood spread over nodes meets the
// same budget. Every visitor event and route spends here before it does anything else.

/** The kinds of things a visitor spends budget on; each has its own budget per visitor. */
export type VisitorSpend = 'connection' | 'message' | 'chat' | 'pageView' | 'typing' | 'event';

/** A refusal: what was refused, in words for the error, and when to try again. */
export interface OverBudget {
  error: string;
  retryAfterMs: number;
}

export interface VisitorBudgets {
  /** Takes one of `kind` for `visitorId` and one event for `ip`; null when allowed. */
  spend(kind: VisitorSpend, visitorId: string, ip: string): Promise<OverBudget | null>;
  /** A new visitor session from `ip`. */
  newSession(ip: string): Promise<OverBudget | null>;
  /** A file of `bytes` from the widget at `ip`: the address's budget and the whole server's. */
  upload(ip: string, bytes: number): Promise<OverBudget | null>;
}

const MINUTE = 60;
const HOUR = 3600;

const WORDS: Record<VisitorSpend, string> = {
  connection: 'too many connections',
  message: 'too many messages',
  chat: 'too many chats',
  pageView: 'too many page views',
  typing: 'too many typing updates',
  event: 'too many events',
};

export function visitorBudgets(limits: VisitorLimitsConfig, counters: CounterStore): VisitorBudgets {
  const perVisitor: Record<VisitorSpend, RateLimiterAbstract> = {
    connection: counters({ keyPrefix: 'visitor_connections', points: limits.connectionsPerMinute, duration: MINUTE }),
    message: counters({ keyPrefix: 'visitor_messages', points: limits.messagesPerMinute, duration: MINUTE }),
    chat: counters({ keyPrefix: 'visitor_chats', points: limits.chatsPerHour, duration: HOUR }),
    pageView: counters({ keyPrefix: 'visitor_page_views', points: limits.pageViewsPerMinute, duration: MINUTE }),
    typing: counters({ keyPrefix: 'visitor_typing', points: limits.typingPerMinute, duration: MINUTE }),
    event: counters({ keyPrefix: 'visitor_events', points: limits.eventsPerMinute, duration: MINUTE }),
  };
  const perIp = counters({ keyPrefix: 'visitor_events_by_ip', points: limits.eventsPerIpPerMinute, duration: MINUTE });
  const sessionsPerIp = counters({ keyPrefix: 'visitor_sessions_by_ip', points: limits.sessionsPerIpPerHour, duration: HOUR });
  const uploadsPerIp = counters({ keyPrefix: 'widget_uploads_by_ip', points: limits.attachmentsPerIpPerHour, duration: HOUR });
  const uploads = counters({ keyPrefix: 'widget_uploads', points: limits.attachmentsPerHour, duration: HOUR });
  const uploadBytes = counters({ keyPrefix: 'widget_upload_bytes', points: limits.attachmentMegabytesPerHour * 1024 * 1024, duration: HOUR });

  return {
    async spend(kind, visitorId, ip) {
      return (await take(perIp, ip, 1, 'too many events from this address')) ?? (await take(perVisitor[kind], visitorId, 1, WORDS[kind]));
    },
    newSession(ip) {
      return take(sessionsPerIp, ip, 1, 'too many new visitors from this address');
    },
    async upload(ip, bytes) {
      return (
        (await take(uploadsPerIp, ip, 1, `at most ${limits.attachmentsPerIpPerHour} files an hour from one address`)) ??
        (await take(uploads, 'all', 1, 'the server takes no more files this hour')) ??
        (await take(uploadBytes, 'all', bytes, 'the server takes no more files this hour'))
      );
    },
  };
}

/** Takes `points` from `key`; the refusal, worded, when there were not enough. A store's failure is thrown. */
export async function take(counter: RateLimiterAbstract, key: string, points: number, what: string): Promise<OverBudget | null> {
  try {
    await counter.consume(key, points);
    return null;
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    const retryAfterMs = Math.max(1, refusal.msBeforeNext);
    return { error: `${what}: try again in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs };
  }
}

/** The answer to a refused request: 429 with Retry-After. */
export function retryAfterSec(over: OverBudget): string {
  return String(Math.max(1, Math.ceil(over.retryAfterMs / 1000)));
}
