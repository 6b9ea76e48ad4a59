import nodemailer from 'nodemailer';
import type { Deps } from '../deps.ts';
import type { MailTransport } from '../surveys/nps-mailer.ts';
import { readSettings } from '../store/settings.ts';
import {
  claimDigest,
  digestFailed,
  digestSent,
  digestSubscribers,
  startSendingDigest,
  type DigestSubscription,
} from '../store/digests.ts';
import { composeDigest, lastWholePeriod, type DigestEmail } from './digest.ts';

/** A claim not finished by then is another node's to take (nothing was handed to SMTP yet). */
const LEASE_MS = 5 * 60 * 1000;
/** A digest SMTP refused is tried again after RETRY_AFTER_MS × attempts, this many times in all. */
const MAX_ATTEMPTS = 5;
const RETRY_AFTER_MS = 10 * 60 * 1000;

/**
 * Sends each subscriber's digest once per period. Every node sweeps; the period's row in
 * `digest_sends` is claimed in the store before the digest is made, so exactly one node makes
 * it; a failed SMTP send is retried; a crash after SMTP was called is never sent again.
 */
export class DigestMailer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>,
    private readonly transport: MailTransport | undefined,
  ) {}

  static fromConfig(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>): DigestMailer {
    const transport = deps.config.smtpUrl ? (nodemailer.createTransport(deps.config.smtpUrl) as unknown as MailTransport) : undefined;
    return new DigestMailer(deps, transport);
  }

  get canSend(): boolean {
    return this.transport !== undefined;
  }

  start(intervalMs: number): void {
    if (!this.transport) return;
    void this.kick();
    this.timer = setInterval(() => void this.kick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.transport?.close();
  }

  /** One sweep at a time in this process (other nodes are kept out by the claims). */
  kick(): Promise<number> {
    this.running ??= this.dispatchDue()
      .catch((err) => {
        this.deps.log.error({ err }, 'digests failed');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Sends every digest whose period has ended and that no node has sent; resolves to how many went out. */
  async dispatchDue(): Promise<number> {
    if (!this.transport) return 0;
    const { db, clock, config } = this.deps;
    let sent = 0;
    for (const sub of await digestSubscribers(db)) {
      const now = clock.now();
      const period = lastWholePeriod(sub.frequency, sub.timeZone, now);
      const key = { agentId: sub.agentId, frequency: sub.frequency, periodStart: period.from };
      const leaseUntil = now + LEASE_MS;
      const claimed = await claimDigest(db, { ...key, periodEnd: period.to, nodeId: config.nodeId, now, leaseUntil, maxAttempts: MAX_ATTEMPTS });
      if (!claimed) continue;
      const email = await this.compose(sub, now);
      if (!(await startSendingDigest(db, { ...key, nodeId: config.nodeId, leaseUntil, now: clock.now() }))) continue;
      try {
        await this.send(sub.email, email);
      } catch (err) {
        const failedAt = clock.now();
        const attempts = Number(await db.value('SELECT attempts FROM digest_sends WHERE agent_id = ? AND frequency = ? AND period_start = ?', [key.agentId, key.frequency, key.periodStart]));
        await digestFailed(db, { ...key, error: err instanceof Error ? err.message : String(err), retryAt: failedAt + RETRY_AFTER_MS * (attempts + 1) });
        this.deps.log.error({ err, agentId: sub.agentId }, 'a digest email failed: it will be tried again');
        continue;
      }
      await digestSent(db, { ...key, now: clock.now() });
      sent++;
    }
    return sent;
  }

  /** The digest `sub` would get for the last whole period, as it would be sent. */
  async compose(sub: Pick<DigestSubscription, 'frequency' | 'timeZone' | 'language'>, now = this.deps.clock.now()): Promise<DigestEmail> {
    const { db, config } = this.deps;
    return composeDigest(db, {
      period: lastWholePeriod(sub.frequency, sub.timeZone, now),
      language: sub.language,
      siteName: (await readSettings(db, config)).siteName,
      publicUrl: config.publicUrl,
      now,
    });
  }

  /** "Send me one now": an extra copy on request, outside the once-per-period rows. */
  async sendNow(to: string, sub: Pick<DigestSubscription, 'frequency' | 'timeZone' | 'language'>): Promise<void> {
    await this.send(to, await this.compose(sub));
  }

  private async send(to: string, email: DigestEmail): Promise<void> {
    if (!this.transport) throw new Error('no SMTP_URL: email is off');
    const { db, config } = this.deps;
    const siteName = (await readSettings(db, config)).siteName;
    await this.transport.sendMail({
      from: { name: siteName, address: config.smtpFrom ?? `no-reply@${new URL(config.publicUrl).hostname}` },
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
  }
}
