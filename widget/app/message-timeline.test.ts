import { describe, expect, it } from 'vitest';
import { mergeMessages } from './message-timeline.ts';
import { message } from './testing/chat-fixtures.ts';

describe('mergeMessages', () => {
  it('keeps seq order and drops doubles, within and across batches', () => {
    const merged = mergeMessages(
      [message({ id: 'a', seq: 1 }), message({ id: 'c', seq: 3 })],
      [message({ id: 'd', seq: 4 }), message({ id: 'b', seq: 2 }), message({ id: 'c', seq: 3 }), message({ id: 'd', seq: 4 })],
    );
    expect(merged.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('returns the same list when nothing is new', () => {
    const current = [message({ id: 'a', seq: 1 })];
    expect(mergeMessages(current, [message({ id: 'a', seq: 1 })])).toBe(current);
  });
});
