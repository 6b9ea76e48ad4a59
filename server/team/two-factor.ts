import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Clock } from '../clock.ts';
import type { Sql } from '../store/sql.ts';
import { getAgent, type AgentRow } from '../store/agents.ts';
import { recordAudit, type AuditSource } from '../store/audit-log.ts';
import { readSetting } from '../store/settings.ts';
import {
  enableTwoFactor,
  removeTwoFactor,
  startEnrolment,
  storedTwoFactor,
  useRecoveryCode,
  useTotpStep,
} from '../store/two-factor.ts';
import { decryptSecret, encryptSecret } from './two-factor-key.ts';
import { TeamError } from './team-error.ts';

// Two-factor sign-in (RFC 6238 TOTP: SHA-1, 6 digits, 30-second steps, what every authenticator
// app reads from a QR code). A code is accepted one step either side of the server's time (a
// phone's clock a little off), and each step only once: a code seen over a shoulder or in a log
// cannot be used again.

const PERIOD_SEC = 30;
const DIGITS = 6;
/** Steps either side of now that are still accepted. */
const WINDOW = 1;
export const RECOVERY_CODES = 10;
/** No 0/o, 1/l/i: a code read aloud or copied from paper comes out right. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** The setting (owner only) that makes every agent enrol before anything else. */
export const REQUIRE_TWO_FACTOR = 'requireTwoFactor';

function totpOf(secretBase32: string, label = 'Parley', issuer = 'Parley'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SEC, secret: Secret.fromBase32(secretBase32) });
}

/** `xxxxx-xxxxx`: about 49 bits each; with the sign-in limits, not guessable. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** As typed: case, spaces and dashes do not matter. */
function recoveryCodeHash(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[^a-z0-9]/g, '')).digest('hex');
}

/** Six digits (spaces allowed, as apps show them): a TOTP code; anything else may be a recovery code. */
function asTotp(code: string): string | null {
  const digits = code.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** Whether the owner requires two-factor of everyone. */
export async function twoFactorRequired(db: Sql): Promise<boolean> {
  return (await readSetting<boolean>(db, REQUIRE_TWO_FACTOR)) === true;
}

/** Signed in but not enrolled while everyone must be: nothing but enrolment until they are. */
export async function mustEnrolTwoFactor(db: Sql, agent: AgentRow): Promise<boolean> {
  return !agent.twoFactor && (await twoFactorRequired(db));
}

/** How a code was accepted at sign-in, or null when it was not. */
export type CodeAccepted = 'totp' | 'recovery-code' | null;

/**
 * The rules of two-factor sign-in over the store: enrolment, the codes, turning it off, admins'
 * resets, and the owner's requirement. `key` encrypts the secrets (two-factor-key.ts).
 */
export class TwoFactor {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly key: Buffer,
  ) {}

  /** A new secret for `agent` to scan; not in force until `confirm`. Refused while one is. */
  async start(agent: AgentRow, siteName: string): Promise<{ secret: string; otpauthUrl: string }> {
    if (agent.twoFactor) throw new TeamError('conflict', 'two-factor sign-in is on already: turn it off first to enrol another device');
    const secret = new Secret({ size: 20 }).base32;
    await startEnrolment(this.db, agent.id, encryptSecret(this.key, secret));
    return { secret, otpauthUrl: totpOf(secret, agent.email, siteName).toString() };
  }

  /** Turns two-factor on with a code from the enrolled app; the recovery codes, shown once. */
  async confirm(agent: AgentRow, code: string, by: AuditSource): Promise<{ recoveryCodes: string[] }> {
    const stored = await storedTwoFactor(this.db, agent.id);
    if (!stored || stored.enabled) {
      throw new TeamError('conflict', stored ? 'two-factor sign-in is on already' : 'start enrolment first: POST /api/auth/two-factor');
    }
    if (!(await this.totpAccepted(agent.id, stored.secret, code))) throw new TeamError('invalid', 'the code is wrong or was used already', 'code');
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await enableTwoFactor(tx, agent.id, recoveryCodes.map(recoveryCodeHash), now);
      await recordAudit(tx, { ...by, at: now, action: 'two_factor.enabled', target: agent.id, details: null });
    });
    return { recoveryCodes };
  }

  /**
   * Checks a sign-in's code (a TOTP code or an unused recovery code, spent here). The caller has
   * checked the password, and counts a refusal as a failed sign-in.
   */
  async accept(agent: AgentRow, code: string, by: AuditSource): Promise<CodeAccepted> {
    const stored = await storedTwoFactor(this.db, agent.id);
    if (!stored?.enabled) return null;
    if (asTotp(code) !== null) return (await this.totpAccepted(agent.id, stored.secret, code)) ? 'totp' : null;
    const now = this.clock.now();
    return await this.db.transaction(async (tx) => {
      if (!(await useRecoveryCode(tx, agent.id, recoveryCodeHash(code), now))) return null;
      await recordAudit(tx, { ...by, at: now, action: 'two_factor.recovery_code_used', target: agent.id, details: null });
      return 'recovery-code';
    });
  }

  /** The agent turns their own two-factor off, with a current code (or a recovery code). */
  async turnOff(agent: AgentRow, code: string, by: AuditSource): Promise<void> {
    if (!agent.twoFactor) throw new TeamError('conflict', 'two-factor sign-in is not on');
    if (await this.required()) throw new TeamError('conflict', 'the owner requires two-factor sign-in for everyone: it cannot be turned off');
    if (!(await this.accept(agent, code, by))) throw new TeamError('invalid', 'the code is wrong or was used already', 'code');
    await this.remove(agent.id, 'two_factor.disabled', by);
  }

  /**
   * An admin resets an agent's enrolment (a lost phone, no recovery codes left); only an owner
   * resets an admin's or an owner's. Their own goes through `turnOff`, with a code.
   */
  async reset(me: AgentRow, targetId: string, by: AuditSource): Promise<AgentRow> {
    const target = await getAgent(this.db, targetId);
    if (!target) throw new TeamError('not-found', 'no such agent');
    if (target.id === me.id) throw new TeamError('invalid', 'turn your own two-factor sign-in off with a code instead', 'id');
    if (target.role !== 'agent' && me.role !== 'owner') {
      throw new TeamError('forbidden', "only an owner can reset an admin's or an owner's two-factor sign-in");
    }
    await this.remove(target.id, 'two_factor.reset', by);
    return (await getAgent(this.db, target.id))!;
  }

  required(): Promise<boolean> {
    return twoFactorRequired(this.db);
  }

  private async remove(agentId: string, action: string, by: AuditSource): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await removeTwoFactor(tx, agentId);
      await recordAudit(tx, { ...by, at: now, action, target: agentId, details: null });
    });
  }

  /** A TOTP code for now (give or take a step) whose step is newer than the last one used. */
  private async totpAccepted(agentId: string, encryptedSecret: string, code: string): Promise<boolean> {
    const token = asTotp(code);
    if (token === null) return false;
    const now = this.clock.now();
    const delta = totpOf(decryptSecret(this.key, encryptedSecret)).validate({ token, timestamp: now, window: WINDOW });
    if (delta === null) return false;
    return await useTotpStep(this.db, agentId, Math.floor(now / 1000 / PERIOD_SEC) + delta);
  }
}
