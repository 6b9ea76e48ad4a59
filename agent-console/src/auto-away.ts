import { useEffect } from 'preact/hooks';
import type { AgentStatus } from '../../shared/protocol.ts';
import type { InboxStore } from './inbox-store.ts';

/**
 * What auto-away does now: an online agent idle for the limit goes away; an agent it sent
 * away who is back at the keyboard comes online again. An agent who chose "away" themselves
 * stays away until they change it.
 */
export function autoAwayStep(s: {
  status: AgentStatus | null;
  idleMs: number;
  limitMs: number;
  sentAwayByUs: boolean;
}): AgentStatus | null {
  if (s.limitMs <= 0 || s.status === null) return null;
  if (s.status === 'online' && s.idleMs >= s.limitMs) return 'away';
  if (s.status === 'away' && s.sentAwayByUs && s.idleMs < s.limitMs) return 'online';
  return null;
}

const ACTIVITY_EVENTS = ['pointermove', 'pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Mouse and keyboard activity in the console resets the idle clock; checked every few seconds. */
export function useAutoAway(store: InboxStore, minutes: number, checkEveryMs = 5000): void {
  useEffect(() => {
    if (!minutes) return;
    const limitMs = minutes * 60_000;
    let lastActivity = Date.now();
    let sentAwayByUs = false;
    const step = () => {
      const status = store.getState().me?.status ?? null;
      if (status !== 'away') sentAwayByUs = false;
      const next = autoAwayStep({ status, idleMs: Date.now() - lastActivity, limitMs, sentAwayByUs });
      if (next === 'away') sentAwayByUs = true;
      if (next === 'online') sentAwayByUs = false;
      if (next) void store.setStatus(next);
    };
    const active = () => {
      const wasIdle = Date.now() - lastActivity >= limitMs;
      lastActivity = Date.now();
      // Coming back should not wait for the next check.
      if (wasIdle || sentAwayByUs) step();
    };
    for (const e of ACTIVITY_EVENTS) addEventListener(e, active, { capture: true, passive: true });
    const timer = setInterval(step, checkEveryMs);
    return () => {
      clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) removeEventListener(e, active, { capture: true });
    };
  }, [store, minutes]);
}
