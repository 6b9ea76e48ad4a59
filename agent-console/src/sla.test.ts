import { describe, expect, it } from 'vitest';
import { isBreached, slaTargets } from './sla.ts';

const at = 1_000_000;
const sla = (firstResponseAt: number | null) => ({ firstResponseDueAt: at + 30_000, resolutionDueAt: at + 600_000, firstResponseAt });

describe('SLA clock', () => {
  it('counts down to both targets, and past them', () => {
    expect(slaTargets({ sla: sla(null), closedAt: null }, at + 10_000)).toEqual([
      { kind: 'firstResponse', dueAt: at + 30_000, state: 'running', leftMs: 20_000 },
      { kind: 'resolution', dueAt: at + 600_000, state: 'running', leftMs: 590_000 },
    ]);
    const late = slaTargets({ sla: sla(null), closedAt: null }, at + 45_000);
    expect(late[0]).toMatchObject({ state: 'running', leftMs: -15_000 });
    expect(isBreached(late[0])).toBe(true);
    expect(isBreached(late[1])).toBe(false);
  });

  it('stops when the target is reached, on time or late', () => {
    expect(slaTargets({ sla: sla(at + 20_000), closedAt: null }, at + 99_000)[0]).toMatchObject({ state: 'met' });
    const missed = slaTargets({ sla: sla(at + 40_000), closedAt: at + 700_000 }, at + 800_000);
    expect(missed.map((x) => x.state)).toEqual(['missed', 'missed']);
    expect(missed.every(isBreached)).toBe(true);
  });

  it('a chat closed without a reply misses the first reply only if it was due by then', () => {
    expect(slaTargets({ sla: sla(null), closedAt: at + 10_000 }, at + 99_000).map((x) => [x.kind, x.state])).toEqual([
      ['resolution', 'met'],
    ]);
    expect(slaTargets({ sla: sla(null), closedAt: at + 60_000 }, at + 99_000)[0]).toMatchObject({ state: 'missed' });
  });

  it('has no clock without a policy, and skips a target the policy does not set', () => {
    expect(slaTargets({ sla: null, closedAt: null }, at)).toEqual([]);
    const onlyResolution = { firstResponseDueAt: null, resolutionDueAt: at + 5_000, firstResponseAt: null };
    expect(slaTargets({ sla: onlyResolution, closedAt: null }, at).map((x) => x.kind)).toEqual(['resolution']);
  });
});
