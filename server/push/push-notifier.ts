import { Agent } from 'node:https';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import webpush from 'web-push';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { ClusterNode } from '../cluster/node.ts';
import { maySee } from '../chat/access.ts';
import { getAgent } from '../store/agents.ts';
import { chatStatus, getChat, getVisitorContext, type ChatRow } from '../store/chats.ts';
import { isConnected } from '../store/cluster.ts';
import {
  agentsWithPush,
  dropPushSubscription,
  hasPushSubscriptions,
  pushPreferencesOf,
  pushSubscriptionsOf,
  type PushEvent,
  type PushPreferences,
} from '../store/push.ts';
import { settingMadeOnce } from '../store/settings.ts';
import type { Sql, Store } from '../store/sql.ts';
import type { MessageView } from '../../shared/protocol.ts';
import { pushWords, type PushLanguage, type PushWords } from './push-words.ts';

/** What the service worker gets: it shows `title` and `body` and opens `url` on a tap. */
export interface PushPayload {
  title: string;
  body: string;
  chatId: string;
  url: string;
  /** A later notification about the same chat replaces the earlier one on the device. */
  tag: string;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** Made at first start and kept in the store: every node signs with the same keys. */
export function vapidKeys(db: Sql): Promise<VapidKeys> {
  return settingMadeOnce<VapidKeys>(db, 'vapidKeys', webpush.generateVAPIDKeys());
}

const DEADLINE = 'push';

/**
 * Web Push to agents who are not looking at the console (issue 14). A change worth telling
 * schedules a deadline named after it (`queued:<chat>`, `message:<chat>`, `transfer:<chat>:<agent>`,
 * `followUp:<chat>:<agent or empty for the queue>`);
 * one node claims it and sends, so each is sent once however many nodes run, and a burst of
 * messages in one chat before it runs makes one notification. Who is told, and what, is read
 * when it is sent: a chat answered meanwhile, or an agent whose console is open on any node,
 * gets nothing.
 */
export class PushNotifier {
  private readonly agent: Agent | undefined;

  constructor(
    private readonly deps: { db: Store; node: ClusterNode; clock: Clock; config: Config; log: Logger },
  ) {
    const ca = deps.config.pushCaFile;
    this.agent = ca ? new Agent({ ca: [...rootCertificates, readFileSync(ca, 'utf8')] }) : undefined;
    deps.node.onDeadline(DEADLINE, (subject) => this.send(subject));
  }

  async messageAdded(message: MessageView, chat: ChatRow): Promise<void> {
    if (message.author !== 'visitor') return;
    const status = chatStatus(chat);
    if (status === 'active' && chat.agent_id) {
      if (await hasPushSubscriptions(this.deps.db, chat.agent_id)) await this.schedule(`message:${chat.id}`);
    } else if (status === 'queued' && (await hasPushSubscriptions(this.deps.db, null))) await this.schedule(`queued:${chat.id}`);
  }

  async chatChanged(chat: ChatRow, previous?: ChatRow): Promise<void> {
    if (!previous?.agent_id || previous.agent_id === chat.agent_id) return;
    if (!(await hasPushSubscriptions(this.deps.db, chatStatus(chat) === 'active' ? chat.agent_id : null))) return;
    if (chat.agent_id && chatStatus(chat) === 'active') await this.schedule(`transfer:${chat.id}:${chat.agent_id}`);
    else if (chatStatus(chat) === 'queued') await this.schedule(`queued:${chat.id}`);
  }

  /** A follow-up was made (a low rating, issue 13): for its agent, or who sees the chat when it went to the queue. */
  async followUpMade(chatId: string, agentId: string | null): Promise<void> {
    if (await hasPushSubscriptions(this.deps.db, agentId)) await this.schedule(`followUp:${chatId}:${agentId ?? ''}`);
  }

  private async schedule(subject: string): Promise<void> {
    await this.deps.node.schedule(DEADLINE, subject, this.deps.clock.now());
  }

  /** Runs on the one node that claimed the deadline. */
  private async send(subject: string): Promise<void> {
    const { db } = this.deps;
    const [event, chatId, agentId] = subject.split(':') as [PushEvent, string, string | undefined];
    const chat = await getChat(db, chatId);
    if (!chat) return;
    const status = chatStatus(chat);
    let recipients: string[] = [];
    if (event === 'message' && status === 'active' && chat.agent_id) recipients = [chat.agent_id];
    else if (event === 'transfer' && status === 'active' && chat.agent_id === agentId) recipients = [agentId];
    else if (event === 'followUp' && agentId) recipients = [agentId];
    else if ((event === 'queued' && status === 'queued') || event === 'followUp') {
      for (const id of await agentsWithPush(db)) {
        const agent = await getAgent(db, id);
        if (agent && !agent.disabled && (await maySee(db, agent, chat))) recipients.push(id);
      }
    }
    for (const id of recipients) {
      // Looking at the console on any node: the console itself alerts them.
      if (await isConnected(db, 'agent', id, this.deps.node.aliveSince())) continue;
      const prefs = await pushPreferencesOf(db, id);
      if (!prefs.events[event] || inQuietHours(prefs, this.deps.clock.now())) continue;
      await this.deliver(id, (language) => this.payload(event, chat, prefs.showText, pushWords[language]));
    }
  }

  private async payload(event: PushEvent, chat: ChatRow, showText: boolean, words: PushWords): Promise<PushPayload> {
    const visitor = await getVisitorContext(this.deps.db, chat.visitor_id);
    const who = visitor.name || visitor.email || words.visitor(chat.visitor_id.slice(-4).toUpperCase());
    const where = pageOf(visitor.currentUrl);
    const title =
      event === 'queued'
        ? words.waiting(who)
        : event === 'transfer'
          ? words.transferred(who)
          : event === 'followUp'
            ? words.followUp(who)
            : words.wrote(who);
    let body = where ? words.on(where) : chat.channel === 'offline' ? words.offlineMessage : words.liveChat;
    if (event === 'followUp') {
      return { title, body, chatId: chat.id, url: '/console/follow-ups', tag: `follow-up-${chat.id}` };
    }
    if (showText) {
      const last = await this.deps.db.value<string>(
        `SELECT text FROM messages WHERE chat_id = ? AND author = 'visitor' ORDER BY seq DESC LIMIT 1`,
        [chat.id],
      );
      if (last) body = `${last.length > 140 ? `${last.slice(0, 139)}…` : last}\n${body}`;
    }
    return { title, body, chatId: chat.id, url: `/console/inbox?chat=${encodeURIComponent(chat.id)}`, tag: `chat-${chat.id}` };
  }

  /** To each of the agent's devices, in the language its console had when it subscribed. */
  private async deliver(agentId: string, payloadIn: (language: PushLanguage) => Promise<PushPayload>): Promise<void> {
    const { db, config, log } = this.deps;
    const keys = await vapidKeys(db);
    const payloads = new Map<PushLanguage, Promise<PushPayload>>();
    for (const s of await pushSubscriptionsOf(db, agentId)) {
      if (!payloads.has(s.language)) payloads.set(s.language, payloadIn(s.language));
      const payload = await payloads.get(s.language)!;
      try {
        await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(payload), {
          vapidDetails: { subject: `mailto:${config.adminEmail}`, ...keys },
          TTL: 3600,
          urgency: 'high',
          agent: this.agent,
          timeout: 10_000,
        });
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        // The browser unsubscribed or the subscription expired: it will never deliver again.
        if (status === 404 || status === 410) await dropPushSubscription(db, s.endpoint);
        else log.warn({ err, agentId, status }, 'push: the push service refused a notification');
      }
    }
  }
}

/** The page's host and path, without its query (which may carry what the visitor typed). */
function pageOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return null;
  }
}

/** Whether `at` falls in the agent's quiet hours, read on their clock (DST-aware). */
export function inQuietHours(prefs: Pick<PushPreferences, 'quietFrom' | 'quietTo' | 'timeZone'>, at: number): boolean {
  if (!prefs.quietFrom || !prefs.quietTo || prefs.quietFrom === prefs.quietTo) return false;
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: prefs.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  // Over midnight (22:00–07:00) or within a day (12:00–13:00).
  return prefs.quietFrom < prefs.quietTo
    ? local >= prefs.quietFrom && local < prefs.quietTo
    : local >= prefs.quietFrom || local < prefs.quietTo;
}
