import { describe, expect, it } from 'vitest';
import type { CannedReply } from '../../shared/protocol.ts';
import { fillCannedText, groupCanned, matchCanned, replaceRange, slashTokenAt } from './canned.ts';

const reply = (shortcut: string, text: string, extra: Partial<CannedReply> = {}): CannedReply => ({
  id: `cn_${shortcut}`,
  shortcut,
  text,
  departmentId: null,
  ownerAgentId: null,
  ...extra,
});

describe('canned replies', () => {
  it('finds the /shortcut being typed at the caret, at the start or after a space', () => {
    expect(slashTokenAt('/hel', 4)).toEqual({ start: 0, end: 4, query: 'hel' });
    expect(slashTokenAt('Sure! /ref', 10)).toEqual({ start: 6, end: 10, query: 'ref' });
    expect(slashTokenAt('line one\n/', 10)).toEqual({ start: 9, end: 10, query: '' });
    expect(slashTokenAt('/привет', 7)?.query).toBe('привет');
    // A slash inside a word or a URL is not a shortcut; nor is one the caret has left.
    expect(slashTokenAt('and/or', 6)).toBeNull();
    expect(slashTokenAt('see https://shop.example/a', 26)).toBeNull();
    expect(slashTokenAt('/hello there', 12)).toBeNull();
    expect(slashTokenAt('/hello there', 3)).toEqual({ start: 0, end: 3, query: 'he' });
  });

  it('ranks shortcuts starting with the query, then containing it, then texts containing it', () => {
    const canned = [
      reply('thanks', 'Thank you for waiting'),
      reply('hello', 'Hi there'),
      reply('othello', 'A play'),
      reply('bye', 'Say hello to your family'),
    ];
    expect(matchCanned(canned, 'hel').map((c) => c.shortcut)).toEqual(['hello', 'othello', 'bye']);
    expect(matchCanned(canned, 'HEL').map((c) => c.shortcut)).toEqual(['hello', 'othello', 'bye']);
    expect(matchCanned(canned, '').map((c) => c.shortcut)).toEqual(['bye', 'hello', 'othello', 'thanks']);
    expect(matchCanned(canned, 'zzz')).toEqual([]);
    expect(matchCanned(canned, '', 2)).toHaveLength(2);
  });

  it('fills the variables and closes up a sentence around an unknown one', () => {
    const vars = { visitorName: 'Ann', agentName: 'Olivia', siteName: 'Kettle World' };
    expect(fillCannedText('Hello {visitor.name}, I am {agent.name} from {site}.', vars)).toBe(
      'Hello Ann, I am Olivia from Kettle World.',
    );
    const unknown = { visitorName: null, agentName: 'Olivia', siteName: null };
    expect(fillCannedText('Hello {visitor.name}!', unknown)).toBe('Hello!');
    expect(fillCannedText('Hi {visitor.name}, how can I help?', unknown)).toBe('Hi, how can I help?');
    expect(fillCannedText('{visitor.name}, welcome to {site}!\nI am {agent.name}.', unknown)).toBe('welcome to!\nI am Olivia.');
    expect(fillCannedText('Price: {price} {visitor.name}', vars)).toBe('Price: {price} Ann');
    expect(fillCannedText('Hello {visitor.name}', { ...vars, visitorName: '  ' })).toBe('Hello');
  });

  it('replaces the typed shortcut and puts the caret after the insert', () => {
    expect(replaceRange('Sure! /ref and more', { start: 6, end: 10 }, 'Refund sent.')).toEqual({
      text: 'Sure! Refund sent. and more',
      caret: 18,
    });
  });

  it('groups personal replies first, then shared for everyone, then by department', () => {
    const canned = [
      reply('a', 'A', { departmentId: 'billing' }),
      reply('b', 'B'),
      reply('c', 'C', { ownerAgentId: 'ag_me' }),
      reply('d', 'D', { departmentId: 'sales' }),
    ];
    const groups = groupCanned(canned, [{ id: 'billing', name: 'Billing' }], { personal: 'Mine', everyone: 'Everyone' });
    expect(groups.map((g) => [g.name, g.replies.map((r) => r.shortcut)])).toEqual([
      ['Mine', ['c']],
      ['Everyone', ['b']],
      ['Billing', ['a']],
      ['sales', ['d']],
    ]);
  });
});
