import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, recipientKey, transcriptLimitReached, transcriptRecipient } from './transcript-rules.ts';

const limits = { perChat: 3, perVisitorPerDay: 5, perRecipientPerDay: 2, perHour: 100 };
const none = { ofChat: 0, ofVisitor: [], toRecipient: [], all: [] };
const now = Date.UTC(2026, 2, 2, 12);

describe('transcript rules', () => {
  it('counts one mailbox however it is spelt', () => {
    expect(recipientKey(' Ann+shop@Example.COM ')).toBe('ann@example.com');
    expect(recipientKey('ann@example.com')).toBe('ann@example.com');
    // A leading "+" is the whole name, not a tag.
    expect(recipientKey('+1@example.com')).toBe('+1@example.com');
  });

  it('sends only an ended, answered chat, only to the stored address', () => {
    const done = { ended: true, replied: true };
    expect(transcriptRecipient({ ended: false, replied: true }, 'a@x.io', undefined)).toEqual({ refused: 'chat-open' });
    expect(transcriptRecipient({ ended: true, replied: false }, 'a@x.io', undefined)).toEqual({ refused: 'no-reply' });
    expect(transcriptRecipient(done, null, 'a@x.io')).toEqual({ refused: 'no-address' });
    expect(transcriptRecipient(done, 'a@x.io', 'b@x.io')).toEqual({ refused: 'other-address' });
    expect(transcriptRecipient(done, 'a@x.io', 'A@X.io')).toEqual({ to: 'a@x.io' });
    expect(transcriptRecipient(done, 'a@x.io', undefined)).toEqual({ to: 'a@x.io' });
  });

  it('says which limit is reached and when there is room again', () => {
    expect(transcriptLimitReached(none, limits, now)).toBeNull();
    expect(transcriptLimitReached({ ...none, ofChat: 3 }, limits, now)).toEqual({ limit: 'chat', retryAt: null });
    const t1 = now - 5 * HOUR_MS;
    const t2 = now - HOUR_MS;
    expect(transcriptLimitReached({ ...none, toRecipient: [t1, t2] }, limits, now)).toEqual({ limit: 'recipient', retryAt: t1 + DAY_MS });
    // A cap lowered below what was sent: room once enough have left the window.
    const times = [now - 50 * 60_000, now - 40 * 60_000, now - 30 * 60_000, now - 20 * 60_000];
    expect(transcriptLimitReached({ ...none, all: times }, { ...limits, perHour: 2 }, now)).toEqual({ limit: 'hourly', retryAt: times[2]! + HOUR_MS });
    // A cap of 0 sends nothing: asked again a whole window later.
    expect(transcriptLimitReached(none, { ...limits, perVisitorPerDay: 0 }, now)).toEqual({ limit: 'visitor', retryAt: now + DAY_MS });
  });
});
