import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Deps } from '../deps.ts';
import {
  claimDueDeliveries,
  disableEndpoint,
  endpointAnswered,
  endpointFailed,
  forgetOldDeliveries,
  recordAttempt,
  type AttemptResult,
  type ClaimedDelivery,
} from '../store/webhooks.ts';
import { webhookSignature } from './signature.ts';
import { checkLiteralHost, guardedLookup } from './targets.ts';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

/** A receiver has this long to answer (connection, headers and the start of the body). */
export const ATTEMPT_TIMEOUT_MS = 10 * SECOND;
/** Longer than an attempt: another node takes a delivery over only from a node that died. */
const LEASE_MS = 60 * SECOND;
/** Attempts in flight at once on one node: slow receivers wait their turn, the chat does not. */
const CONCURRENCY = 8;
/** How often each node looks for due deliveries (written by any node). */
const POLL_MS = 1 * SECOND;
/** A delivery is tried until it is this old; an endpoint failing this long is turned off. */
export const GIVE_UP_AFTER_MS = 3 * DAY;
export const DISABLE_AFTER_MS = 3 * DAY;
/** Finished deliveries are kept this long for Settings → Webhooks. */
const KEEP_MS = 30 * DAY;
/** What is kept of a receiver's answer. */
const RESPONSE_BYTES = 2048;

/**
 * The wait after the `attempts`-th failed attempt: 5 s, 10 s, 20 s… doubling up to 6 hours,
 * so a delivery is tried about 20 times over its 3 days.
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(5 * SECOND * 2 ** Math.max(0, attempts - 1), 6 * HOUR);
}

/**
 * Sends the outbox's due deliveries, on every node: each one is claimed with a lease (one node
 * at a time tries it), at most CONCURRENCY at once per node, off the chat's path. Time is the
 * injected clock's (retries on a FakeClock in tests); the polling is on real timers.
 */
export class WebhookDispatcher {
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private claiming: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly attempts = new Set<Promise<void>>();
  private lastSweep = 0;

  constructor(private readonly deps: Pick<Deps, 'db' | 'clock' | 'log' | 'ops'> & { allowPrivate: boolean }) {}

  start(): void {
    this.timer = setInterval(() => void this.deliverDue(), POLL_MS);
    this.timer.unref();
    void this.deliverDue();
  }

  /** Stops claiming and waits for the attempts under way (each bounded by its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.claiming;
    await Promise.all([...this.attempts]);
  }

  /** Claims what is due now and starts it; resolves once claimed (not once delivered). */
  deliverDue(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.claiming) {
      this.again = true;
      return this.claiming;
    }
    this.claiming = (async () => {
      do {
        this.again = false;
        const free = CONCURRENCY - this.inFlight;
        if (free <= 0) break;
        let claimed: ClaimedDelivery[] = [];
        try {
          claimed = await claimDueDeliveries(this.deps.db, this.deps.clock.now(), LEASE_MS, free);
        } catch (err) {
          this.deps.log.error({ err }, 'claiming webhook deliveries failed');
        }
        for (const delivery of claimed) this.startAttempt(delivery);
        if (claimed.length === free) this.again = true;
      } while (this.again && !this.stopped);
      await this.sweep();
    })().finally(() => {
      this.claiming = null;
    });
    return this.claiming;
  }

  /** Resolves once every attempt started so far has been recorded (tests). */
  async settled(): Promise<void> {
    while (this.attempts.size || this.claiming) await Promise.all([...this.attempts, this.claiming]);
  }

  private startAttempt(delivery: ClaimedDelivery): void {
    this.inFlight++;
    const attempt = this.attempt(delivery)
      .catch((err) => this.deps.log.error({ err, deliveryId: delivery.id }, 'recording a webhook attempt failed'))
      .finally(() => {
        this.inFlight--;
        this.attempts.delete(attempt);
        // A slot is free: what waited for one goes now.
        if (!this.stopped) void this.deliverDue();
      });
    this.attempts.add(attempt);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const { db, clock, log } = this.deps;
    const result = await this.post(delivery);
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const attempts = delivery.attempts + 1;
    const givesUp = !ok && result.at - delivery.createdAt >= GIVE_UP_AFTER_MS;
    const state = ok ? 'delivered' : givesUp ? 'failed' : 'pending';
    const recorded = await db.transaction(async (tx) => {
      if (!(await recordAttempt(tx, delivery, { ...result, state, next: state === 'pending' ? result.at + retryDelayMs(attempts) : null }))) return false;
      if (ok) await endpointAnswered(tx, delivery.endpointId);
      else {
        const failingSince = await endpointFailed(tx, delivery.endpointId, result.at);
        if (result.at - failingSince >= DISABLE_AFTER_MS) {
          const reason = `every delivery has failed since ${new Date(failingSince).toISOString()}; the last: ${describe(result)}`;
          await disableEndpoint(tx, delivery.endpointId, clock.now(), reason);
          log.warn({ endpointId: delivery.endpointId, failingSince }, 'webhook endpoint disabled: failing for days');
        }
      }
      return true;
    });
    if (recorded) this.deps.ops.webhookAttempts.inc({ result: state === 'pending' ? 'retry' : state });
    if (!recorded) log.warn({ deliveryId: delivery.id }, 'a webhook attempt outlived its lease: another node has the delivery');
    else if (!ok) log.info({ deliveryId: delivery.id, endpointId: delivery.endpointId, attempts, state, status: result.status, error: result.error }, 'webhook delivery failed');
  }

  /** One POST of the delivery's body, signed now; never throws. */
  private post(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const at = this.deps.clock.now();
    let url: URL;
    try {
      url = new URL(delivery.url);
      checkLiteralHost(url, this.deps.allowPrivate);
    } catch (err) {
      return Promise.resolve({ at, status: null, error: (err as Error).message, response: null });
    }
    return new Promise((resolve) => {
      let settled = false;
      let timeout: NodeJS.Timeout | undefined;
      const done = (r: Omit<AttemptResult, 'at'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        resolve({ at, ...r });
      };
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(url, {
        method: 'POST',
        lookup: guardedLookup(this.deps.allowPrivate) as never,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(delivery.body),
          'user-agent': 'Parley-Webhooks/1',
          'parley-event': delivery.type,
          'parley-delivery': delivery.id,
          'parley-signature': webhookSignature(delivery.secret, Math.floor(at / 1000), delivery.body),
        },
      });
      timeout = setTimeout(() => {
        done({ status: null, error: `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`, response: null });
        req.destroy();
      }, ATTEMPT_TIMEOUT_MS);
      req.on('error', (err) => done({ status: null, error: err.message, response: null }));
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          done({ status: res.statusCode ?? null, error: null, response: Buffer.concat(chunks).subarray(0, RESPONSE_BYTES).toString('utf8') });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_BYTES) finish();
        });
        res.on('end', finish);
        res.on('error', finish);
      });
      req.end(delivery.body);
    });
  }

  /** Once an hour: finished deliveries older than KEEP_MS go. */
  private async sweep(): Promise<void> {
    const now = this.deps.clock.now();
    if (now - this.lastSweep < HOUR) return;
    this.lastSweep = now;
    await forgetOldDeliveries(this.deps.db, now - KEEP_MS).catch((err) => this.deps.log.error({ err }, 'forgetting old webhook deliveries failed'));
  }
}

function describe(r: AttemptResult): string {
  return r.status !== null ? `HTTP ${r.status}` : (r.error ?? 'no answer');
}
