import { describe, expect, it } from 'vitest';
import { computeChatFacts, inTimeOrder, type FactsMessage } from './facts.ts';

const m = (author: FactsMessage['author'], at: number, cannedId: string | null = null): FactsMessage => ({ author, at, cannedId });

describe('chat facts', () => {
  it('does not count greetings as replies and pools response intervals', () => {
    const f = computeChatFacts({
      startedAt: 0,
      assignments: [
        { agentId: 'a1', at: 10 },
        { agentId: 'a2', at: 20 },
      ],
      messages: [m('agent', 5, 'c1'), m('visitor', 20), m('visitor', 30), m('agent', 50, 'c1'), m('system', 60), m('agent', 70), m('visitor', 120), m('agent', 180), m('visitor', 240)],
      tags: ['vip', 'billing'],
    });
    expect(f).toMatchObject({
      agentId: 'a2',
      firstAssignedAt: 10,
      assignmentCount: 2,
      firstReplyAt: 50,
      replyCount: 3,
      cannedReplyCount: 1,
      canned: { c1: 1 },
      messageCount: 8,
      intervals: [30, 60],
      tags: ['billing', 'vip'],
    });
  });

  it('orders by time, keeping the record order of ties', () => {
    // A reply at the same instant as the visitor's first message, after it in the record.
    const messages = [m('visitor', 100), m('agent', 100), m('agent', 50)];
    const f = computeChatFacts({ startedAt: 0, assignments: [], messages: inTimeOrder(messages), tags: [] });
    expect(f.firstReplyAt).toBe(100);
    expect(f.replyCount).toBe(1);
    expect(f.intervals).toEqual([0]);
    const before = computeChatFacts({ startedAt: 0, assignments: [], messages: inTimeOrder([m('agent', 100), m('visitor', 100)]), tags: [] });
    expect(before.replyCount).toBe(0);
  });
});
