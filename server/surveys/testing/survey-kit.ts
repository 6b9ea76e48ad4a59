import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../clock.ts';
import { testConfig, type Config } from '../../config.ts';
import type { Db } from '../../store/db.ts';
import { openSqliteStore } from '../../store/sqlite.ts';
import type { Store } from '../../store/sql.ts';
import { createAgent } from '../../store/agents.ts';
import { assignChat, closeChatRow, createVisitor, getChat, insertChat, insertMessage, type ChatRow } from '../../store/chats.ts';
import { newId } from '../../../shared/ids.ts';
import type { SurveyRecordView, SurveyView } from '../../../shared/protocol.ts';
import type { SurveySettingsPatch } from '../../../shared/survey-schemas.ts';
import { SurveyService, type SurveyNotifier } from '../survey-service.ts';
import { writeSurveySettings } from '../settings.ts';
import type { MailTransport } from '../nps-mailer.ts';

/** Test-only helpers for the survey unit tests: a real SQLite file, a fake clock, chats. */

export class RecordingNotifier implements SurveyNotifier {
  offers: Array<{ visitorId: string; surveys: SurveyView[] }> = [];
  updates: Array<{ visitorId: string; survey: SurveyView }> = [];
  answers: SurveyRecordView[] = [];
  followUps: Array<{ chatId: string; agentId: string | null }> = [];
  offer(visitorId: string, surveys: SurveyView[]) {
    this.offers.push({ visitorId, surveys });
  }
  update(visitorId: string, survey: SurveyView) {
    this.updates.push({ visitorId, survey });
  }
  answered(record: SurveyRecordView) {
    this.answers.push(record);
  }
  followUpsChanged(chatId: string, agentId: string | null) {
    this.followUps.push({ chatId, agentId });
  }
  followUpMade(chatId: string, agentId: string | null) {
    this.followUpsChanged(chatId, agentId);
  }
}

export class FakeTransport implements MailTransport {
  sent: Array<{ to: string; subject: string; text: string; html: string }> = [];
  failNext = 0;
  async sendMail(message: { to: string; subject: string; text: string; html: string }) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('SMTP is down');
    }
    this.sent.push(message);
  }
  close() {}
  /** The token of the link in the last email. */
  lastToken(): string {
    const text = this.sent[this.sent.length - 1]!.text;
    return /\/survey\/([A-Za-z0-9_.-]+)/.exec(text)![1]!;
  }
}

export interface SurveyKit {
  /** What the service runs on. */
  store: Store;
  /** Its SQLite connection, for looking at rows. */
  db: Db;
  clock: FakeClock;
  config: Config;
  notifier: RecordingNotifier;
  service: SurveyService;
  agentId: string;
  /** Closes the database and opens it again with a new service, as a server restart does. */
  restart(): Promise<void>;
  settings(patch: SurveySettingsPatch): Promise<void>;
  visitor(fields?: { email?: string; locale?: string }): Promise<string>;
  /** A chat of `visitorId` closed now; `reply` false makes it a missed chat. */
  closedChat(visitorId: string, opts?: { reply?: boolean; greetingOnly?: boolean }): Promise<ChatRow>;
  count(sql: string, ...params: unknown[]): number;
  close(): Promise<void>;
}

export async function surveyKit(start = Date.UTC(2026, 2, 2, 9, 0)): Promise<SurveyKit> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-surveys-'));
  const path = join(dir, 'parley.db');
  const clock = new FakeClock(start);
  const config = testConfig({ databasePath: path, siteName: 'Acme Shop' });
  const store = openSqliteStore(path);
  const kit = {
    store,
    db: store.sqlite!,
    clock,
    config,
    notifier: new RecordingNotifier(),
  } as SurveyKit;
  const serviceOf = () => new SurveyService({ db: kit.store, clock, config, notifier: kit.notifier });
  kit.service = serviceOf();
  kit.agentId = (await createAgent(kit.store, { name: 'Anna', email: 'anna@example.com', role: 'agent' }, clock.now())).id;
  kit.restart = async () => {
    await kit.store.close();
    kit.store = openSqliteStore(path);
    kit.db = kit.store.sqlite!;
    kit.notifier = new RecordingNotifier();
    kit.service = serviceOf();
  };
  kit.settings = async (patch) => {
    await writeSurveySettings(kit.store, patch);
  };
  kit.visitor = async (fields = {}) => {
    const { visitorId } = await createVisitor(kit.store, clock.now());
    kit.db.prepare('UPDATE visitors SET email = ?, locale = ? WHERE id = ?').run(fields.email ?? null, fields.locale ?? null, visitorId);
    return visitorId;
  };
  kit.closedChat = async (visitorId, opts = {}) => {
    const now = clock.now();
    const chat = await insertChat(kit.store, { visitorId, departmentId: null, priority: 'normal', channel: 'widget', at: now - 60_000 });
    const say = (author: 'visitor' | 'agent', at: number) =>
      insertMessage(kit.store, { id: newId('m_'), chatId: chat.id, author, agentId: author === 'agent' ? kit.agentId : null, at, text: author });
    await assignChat(kit.store, chat.id, kit.agentId, now - 50_000);
    if (opts.greetingOnly) await say('agent', now - 45_000);
    await say('visitor', now - 40_000);
    if (opts.reply !== false && !opts.greetingOnly) await say('agent', now - 30_000);
    await closeChatRow(kit.store, chat.id, now, 'agent', kit.agentId);
    const closed = (await getChat(kit.store, chat.id))!;
    await kit.service.chatClosed(closed);
    return closed;
  };
  kit.count = (sql, ...params) => kit.db.prepare(sql).pluck().get(...params) as number;
  kit.close = async () => {
    await kit.store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return kit;
}
