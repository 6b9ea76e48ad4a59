import { afterEach, describe, expect, it } from 'vitest';
import { FakeTransport, surveyKit, type SurveyKit } from './testing/survey-kit.ts';
import { NpsMailer } from './nps-mailer.ts';
import { EmailLinkError } from './survey-service.ts';
import { signEmailLink } from './email-link.ts';
import { linkSecret } from './settings.ts';
import { DAY_MS, HOUR_MS } from './rules.ts';
import { createLogger } from '../logger.ts';
import { testConfig } from '../config.ts';

let kit: SurveyKit;
let transport: FakeTransport;
const log = createLogger(testConfig());
afterEach(() => kit?.close());

async function setup(settings = {}) {
  kit = await surveyKit();
  await kit.settings({ npsDelayHours: 0, ...settings });
  transport = new FakeTransport();
}
const mailer = () => new NpsMailer(kit.service, kit.config, transport, log);
const npsOf = (chatId: string) => kit.db.prepare(`SELECT * FROM surveys WHERE chat_id = ? AND kind = 'nps'`).get(chatId) as any;
const linkProblem = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (err) {
    if (err instanceof EmailLinkError) return err.problem;
    throw err;
  }
  return 'none';
};

describe('NPS by email', () => {
  it('goes once to visitors with an address when due, in their language, and counts as sent', async () => {
    await setup({ npsDelayHours: 2 });
    const withEmail = await kit.visitor({ email: 'ivan@example.com', locale: 'ru' });
    const withoutEmail = await kit.visitor();
    const chat = await kit.closedChat(withEmail);
    await kit.closedChat(withoutEmail);
    expect(await mailer().dispatchDue()).toBe(0);
    kit.clock.advance(2 * HOUR_MS);
    expect(await mailer().dispatchDue()).toBe(1);
    expect(transport.sent).toHaveLength(1);
    const email = transport.sent[0]!;
    expect(email.to).toBe('ivan@example.com');
    expect(email.subject).toBe('Насколько вероятно, что вы порекомендуете Acme Shop другу или коллеге?');
    expect(email.text).toContain(`${kit.config.publicUrl}/survey/`);
    expect(npsOf(chat.id).sent_at).toBe(kit.clock.now());
    expect(npsOf(chat.id).language).toBe('ru');
    // Later runs, and runs after a restart, send nothing more.
    expect(await mailer().dispatchDue()).toBe(0);
    await kit.restart();
    expect(await new NpsMailer(kit.service, kit.config, transport, log).dispatchDue()).toBe(0);
    expect(transport.sent).toHaveLength(1);
  });

  it('the link opens the survey, answers it once, and then is spent', async () => {
    await setup();
    const visitorId = await kit.visitor({ email: 'ann@example.com' });
    const chat = await kit.closedChat(visitorId);
    await mailer().dispatchDue();
    const token = transport.lastToken();
    expect(await kit.service.emailSurvey(token)).toMatchObject({ kind: 'nps', min: 0, max: 10 });
    const answered = await kit.service.answerByEmail(token, 10, 'Great help');
    expect(answered).toMatchObject({ status: 'answered', score: 10, comment: 'Great help', answeredVia: 'email' });
    expect(kit.notifier.answers).toHaveLength(1);
    expect(kit.notifier.updates.at(-1)!.survey.status).toBe('answered');
    expect(await linkProblem(() => kit.service.answerByEmail(token, 3, 'again'))).toBe('used');
    expect(await linkProblem(() => kit.service.emailSurvey(token))).toBe('used');
    expect(npsOf(chat.id)).toMatchObject({ score: 10, comment: 'Great help' });
  });

  it('forged, tampered or unknown links are refused and save nothing', async () => {
    await setup();
    const visitorId = await kit.visitor({ email: 'ann@example.com' });
    const chat = await kit.closedChat(visitorId);
    await mailer().dispatchDue();
    const token = transport.lastToken();
    const [payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ s: npsOf(chat.id).id, e: Date.UTC(2030, 0, 1), n: 'x' })).toString('base64url');
    expect(await linkProblem(() => kit.service.answerByEmail(`${forgedPayload}.${signature}`, 10, undefined))).toBe('invalid');
    expect(await linkProblem(() => kit.service.answerByEmail(`${payload}.${signature!.slice(0, -2)}AA`, 10, undefined))).toBe('invalid');
    expect(await linkProblem(() => kit.service.answerByEmail('garbage', 10, undefined))).toBe('invalid');
    // Signed with the real secret but never emailed: not the link of any email.
    const unsent = signEmailLink(await linkSecret(kit.store), { surveyId: npsOf(chat.id).id, expiresAt: kit.clock.now() + DAY_MS });
    expect(await linkProblem(() => kit.service.answerByEmail(unsent, 10, undefined))).toBe('invalid');
    expect(npsOf(chat.id).answered_at).toBeNull();
  });

  it('expires with the survey', async () => {
    await setup();
    const visitorId = await kit.visitor({ email: 'ann@example.com' });
    const chat = await kit.closedChat(visitorId);
    await mailer().dispatchDue();
    kit.clock.advance(30 * DAY_MS);
    expect(await linkProblem(() => kit.service.emailSurvey(transport.lastToken()))).toBe('expired');
    expect(npsOf(chat.id).answered_at).toBeNull();
  });

  it('a bad score on the email page is refused and leaves the link usable', async () => {
    await setup();
    const visitorId = await kit.visitor({ email: 'ann@example.com' });
    await kit.closedChat(visitorId);
    await mailer().dispatchDue();
    await expect(kit.service.answerByEmail(transport.lastToken(), 11, undefined)).rejects.toThrow(/from 0 to 10/);
    expect((await kit.service.answerByEmail(transport.lastToken(), 7, undefined)).score).toBe(7);
  });

  it('two channels: the widget answer first voids the link; the email answer first voids the widget', async () => {
    await setup();
    const a = await kit.visitor({ email: 'a@example.com' });
    const b = await kit.visitor({ email: 'b@example.com' });
    const chatA = await kit.closedChat(a);
    const chatB = await kit.closedChat(b);
    await mailer().dispatchDue();
    const tokenTo = (address: string) => /\/survey\/(\S+)/.exec(transport.sent.find((m) => m.to === address)!.text)![1]!;

    // A: the card in the widget is answered first (an emailed NPS is still offered there).
    const cardA = (await kit.service.pendingFor(a)).find((s) => s.kind === 'nps')!;
    await kit.service.answer(a, { surveyId: cardA.id, kind: 'nps', score: 9 });
    expect(await linkProblem(() => kit.service.emailSurvey(tokenTo('a@example.com')))).toBe('voided');
    expect(await linkProblem(() => kit.service.answerByEmail(tokenTo('a@example.com'), 2, undefined))).toBe('voided');
    expect(npsOf(chatA.id)).toMatchObject({ score: 9, answered_via: 'widget' });

    // B: the email is answered first, while the card is on screen.
    const cardB = (await kit.service.pendingFor(b)).find((s) => s.kind === 'nps')!;
    await kit.service.shown(b, cardB.id);
    await kit.service.answerByEmail(tokenTo('b@example.com'), 3, 'slow');
    await expect(kit.service.answer(b, { surveyId: cardB.id, kind: 'nps', score: 10 })).rejects.toThrow(/answered by email: this one is void/);
    expect(npsOf(chatB.id)).toMatchObject({ score: 3, answered_via: 'email' });
    // Either way, one survey, sent once, answered once.
    expect(kit.count(`SELECT count(*) FROM surveys WHERE kind = 'nps' AND answered_at IS NOT NULL`)).toBe(2);
  });

  it('respects the throttle across channels and skips what was answered, skipped or expired', async () => {
    await setup();
    const visitorId = await kit.visitor({ email: 'ann@example.com' });
    const first = await kit.closedChat(visitorId);
    await kit.service.shown(visitorId, npsOf(first.id).id);
    kit.clock.advance(DAY_MS);
    await kit.closedChat(visitorId);
    // The first NPS was shown in the widget before any email: it is emailed too, the second is throttled.
    expect(await mailer().dispatchDue()).toBe(1);
    expect(transport.sent).toHaveLength(1);
    expect(transport.lastToken()).toBeTruthy();
    expect((await kit.service.emailSurvey(transport.lastToken())).chatId).toBe(first.id);

    await setupAgain();
    const skipper = await kit.visitor({ email: 's@example.com' });
    const skipped = await kit.closedChat(skipper);
    await kit.service.skip(skipper, npsOf(skipped.id).id);
    expect(await mailer().dispatchDue()).toBe(0);
    const late = await kit.visitor({ email: 'l@example.com' });
    await kit.settings({ npsDelayHours: 1 });
    await kit.closedChat(late);
    kit.clock.advance(HOUR_MS + 30 * DAY_MS);
    expect(await mailer().dispatchDue()).toBe(0);
  });

  it('a failed send is retried later and sends one email in the end', async () => {
    await setup();
    const visitorId = await kit.visitor({ email: 'ann@example.com' });
    const chat = await kit.closedChat(visitorId);
    transport.failNext = 1;
    expect(await mailer().dispatchDue()).toBe(0);
    expect(npsOf(chat.id).sent_at).toBeNull();
    expect(await mailer().dispatchDue()).toBe(0);
    kit.clock.advance(10 * 60 * 1000);
    expect(await mailer().dispatchDue()).toBe(1);
    expect(transport.sent).toHaveLength(1);
    expect((await kit.service.emailSurvey(transport.lastToken())).kind).toBe('nps');
  });

  it('an email claimed but never confirmed (a crash mid-send) is not sent again after a restart', async () => {
    await setup();
    const visitorId = await kit.visitor({ email: 'ann@example.com' });
    await kit.closedChat(visitorId);
    const hanging = new NpsMailer(kit.service, kit.config, { sendMail: () => new Promise(() => {}), close() {} }, log);
    void hanging.dispatchDue();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await kit.restart();
    expect(await new NpsMailer(kit.service, kit.config, transport, log).dispatchDue()).toBe(0);
    expect(transport.sent).toEqual([]);
  });

  it('sends nothing when NPS or its email is turned off', async () => {
    await setup({ npsEmailEnabled: false });
    await kit.closedChat(await kit.visitor({ email: 'ann@example.com' }));
    expect(await mailer().dispatchDue()).toBe(0);
    await kit.settings({ npsEmailEnabled: true });
    expect(await mailer().dispatchDue()).toBe(1);
  });
});

async function setupAgain() {
  await kit.close();
  await setup();
}
