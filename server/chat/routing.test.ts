import { describe, expect, it } from 'vitest';
import { pickAgent } from './routing.ts';

const agent = (id: string, openChats: number, maxChats: number, idleSince: number) => ({ id, openChats, maxChats, idleSince });

describe('pickAgent', () => {
  it('picks the agent with the fewest open chats', () => {
    expect(pickAgent([agent('a', 2, 5, 0), agent('b', 1, 5, 100)])).toBe('b');
  });
  it('skips agents at their maxChats cap', () => {
    expect(pickAgent([agent('a', 3, 3, 0), agent('b', 4, 5, 0)])).toBe('b');
    expect(pickAgent([agent('a', 0, 0, 0)])).toBeNull();
  });
  it('breaks ties by the longest idle time', () => {
    expect(pickAgent([agent('a', 1, 3, 500), agent('b', 1, 3, 200), agent('c', 1, 3, 900)])).toBe('b');
  });
  it('returns null with nobody online', () => {
    expect(pickAgent([])).toBeNull();
  });
});
