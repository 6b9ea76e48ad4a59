/**
 * When a chat's transcript may be emailed, to whom, and how often (issue 10: the transcript
 * email must not be an open relay). Only an ended chat an agent answered, only to the address
 * the visitor gave (pre-chat form, offline form or `Parley('identify')`), within limits counted
 * from the emails already sent.
 */
import type { TranscriptsSent } from '../store/transcript-emails.ts';

/** Why a transcript is not sent, whatever the limits. */
export type TranscriptIneligibility = 'chat-open' | 'no-reply' | 'no-address' | 'other-address';

/** Which limit a transcript would pass. */
export type TranscriptLimit = 'chat' | 'visitor' | 'recipient' | 'hourly';

/** A visitor gets one chat's transcript this many times at most. */
export const TRANSCRIPTS_PER_CHAT = 3;

export interface TranscriptLimits {
  perChat: number;
  perVisitorPerDay: number;
  perRecipientPerDay: number;
  perHour: number;
}

export const DAY_MS = 24 * 3600_000;
export const HOUR_MS = 3600_000;

/**
 * The mailbox the limits count, whatever the spelling: `Ann+1@Example.com` and
 * `ann+2@example.com` reach the same person, so they share one budget.
 */
export function recipientKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${address.slice(at)}`;
}

/**
 * Where the transcript of this chat goes: the visitor's stored address. A request may name an
 * address only to confirm it is the one shown to the visitor (same letters, any case): it
 * never picks one.
 */
export function transcriptRecipient(
  chat: { ended: boolean; replied: boolean },
  storedEmail: string | null,
  askedEmail: string | undefined,
): { to: string } | { refused: TranscriptIneligibility } {
  if (!chat.ended) return { refused: 'chat-open' };
  if (!chat.replied) return { refused: 'no-reply' };
  if (!storedEmail) return { refused: 'no-address' };
  if (askedEmail !== undefined && askedEmail.trim().toLowerCase() !== storedEmail.trim().toLowerCase()) return { refused: 'other-address' };
  return { to: storedEmail };
}

/** The start of each window a new transcript is counted in, at `now`. */
export function transcriptWindows(now: number): { visitorSince: number; recipientSince: number; allSince: number } {
  return { visitorSince: now - DAY_MS, recipientSince: now - DAY_MS, allSince: now - HOUR_MS };
}

/**
 * The first limit one more transcript would pass, and when it may be asked again (null: never,
 * for the cap per chat); null when it may be sent now.
 */
export function transcriptLimitReached(
  sent: TranscriptsSent,
  limits: TranscriptLimits,
  now: number,
): { limit: TranscriptLimit; retryAt: number | null } | null {
  if (sent.ofChat >= limits.perChat) return { limit: 'chat', retryAt: null };
  const windows: Array<[TranscriptLimit, number[], number, number]> = [
    ['recipient', sent.toRecipient, limits.perRecipientPerDay, DAY_MS],
    ['visitor', sent.ofVisitor, limits.perVisitorPerDay, DAY_MS],
    ['hourly', sent.all, limits.perHour, HOUR_MS],
  ];
  for (const [limit, times, max, windowMs] of windows) {
    if (times.length < max) continue;
    // Room for one more once all but max - 1 of them have left the window.
    const freeing = times[times.length - max];
    return { limit, retryAt: freeing === undefined ? now + windowMs : freeing + windowMs };
  }
  return null;
}
