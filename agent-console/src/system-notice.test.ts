// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageView, SystemNotice } from '../../shared/protocol.ts';
import { noticeText } from '../../shared/system-notices.ts';
import { setLanguage } from './i18n.ts';
import { systemText } from './system-notice.ts';

afterEach(() => setLanguage('en'));

const system = (notice: SystemNotice | undefined, text = notice ? noticeText(notice) : ''): MessageView => ({
  id: 'sys_1',
  chatId: 'c1',
  seq: 1,
  chatSeq: 1,
  author: 'system',
  agentId: null,
  authorName: null,
  text,
  at: 0,
  cannedId: null,
  ...(notice ? { notice } : {}),
});

describe('system messages in the console', () => {
  it('say what happened in the console’s language, with the names filled in', () => {
    expect(systemText(system({ kind: 'joined', agent: 'Anna' }))).toBe('Anna joined the chat');
    setLanguage('ru');
    expect(systemText(system({ kind: 'joined', agent: 'Anna' }))).toBe('Оператор Anna подключился к чату');
    expect(systemText(system({ kind: 'transferredToDepartment', agent: 'Anna', target: 'Billing' }))).toContain('«Billing»');
    setLanguage('bg');
    expect(systemText(system({ kind: 'closedByAgent', agent: 'Bob' }))).toBe('Bob затвори чата');
  });

  it('word every kind of notice, and keep the stored text of a message without one (imported)', () => {
    const kinds: SystemNotice[] = [
      { kind: 'joined', agent: 'A' },
      { kind: 'transferredToAgent', agent: 'A', target: 'B' },
      { kind: 'transferredToDepartment', agent: 'A', target: 'D' },
      { kind: 'closedByAgent', agent: 'A' },
      { kind: 'endedByVisitor' },
      { kind: 'visitorLeft' },
      { kind: 'requeued' },
    ];
    setLanguage('ru');
    for (const n of kinds) {
      const text = systemText(system(n));
      expect(text, n.kind).not.toBe(noticeText(n));
      expect(text, n.kind).not.toMatch(/[{}]/);
    }
    expect(systemText(system(undefined, 'Imported words'))).toBe('Imported words');
  });
});
