import { describe, expect, it } from 'vitest';
import { firstReplyAt, inChatOrder, slaPolicyFor } from './replies.ts';

describe('the first reply', () => {
  it('is the first agent message after the first visitor message; greetings and system messages are not replies', () => {
    expect(firstReplyAt([])).toBeNull();
    expect(firstReplyAt([{ author: 'agent', at: 1 }])).toBeNull();
    expect(
      firstReplyAt([
        { author: 'agent', at: 1 },
        { author: 'system', at: 2 },
        { author: 'visitor', at: 3 },
        { author: 'system', at: 4 },
        { author: 'agent', at: 5 },
        { author: 'agent', at: 6 },
      ]),
    ).toBe(5);
  });

  it('takes messages in order of time, ties in the order they were stored', () => {
    const messages = [
      { author: 'agent' as const, at: 10, seq: 1 },
      { author: 'visitor' as const, at: 10, seq: 2 },
      { author: 'agent' as const, at: 10, seq: 3 },
    ];
    expect(firstReplyAt([...messages].sort(inChatOrder))).toBe(10);
    expect(firstReplyAt([...messages].reverse().sort(inChatOrder))).toBe(10);
    // An agent message stored later but timed before the visitor's (an import) is a greeting.
    expect(firstReplyAt([{ author: 'visitor' as const, at: 5, seq: 2 }, { author: 'agent' as const, at: 4, seq: 1 }].sort(inChatOrder))).toBeNull();
  });
});

describe('the SLA policy of a chat', () => {
  const policies = [
    { departmentId: null, priority: 'normal', id: 'all-normal' },
    { departmentId: 'sales', priority: 'normal', id: 'sales-normal' },
    { departmentId: 'sales', priority: 'high', id: 'sales-high' },
  ];
  it("is its department's for its priority, else the one without a department, else none", () => {
    expect(slaPolicyFor(policies, 'sales', 'normal')?.id).toBe('sales-normal');
    expect(slaPolicyFor(policies, 'support', 'normal')?.id).toBe('all-normal');
    expect(slaPolicyFor(policies, null, 'normal')?.id).toBe('all-normal');
    expect(slaPolicyFor(policies, 'sales', 'high')?.id).toBe('sales-high');
    expect(slaPolicyFor(policies, 'support', 'high')).toBeNull();
    expect(slaPolicyFor(policies, null, 'urgent')).toBeNull();
  });
});
