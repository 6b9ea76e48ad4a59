// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, saveDraft } from './drafts.ts';
import { loadOutbox } from './saved-outbox.ts';

beforeEach(() => localStorage.clear());

describe('drafts', () => {
  it('keep the canned reply a draft came from, and forget it with the text', () => {
    saveDraft('c1', { text: 'Hello Ann, edited', cannedId: 'cn_hello' });
    expect(loadDraft('c1')).toEqual({ text: 'Hello Ann, edited', cannedId: 'cn_hello' });
    saveDraft('c1', { text: '', cannedId: 'cn_hello' });
    expect(loadDraft('c1')).toEqual({ text: '', cannedId: null });
    saveDraft('c1', { text: 'typed', cannedId: null });
    clearDraft('c1');
    expect(loadDraft('c1')).toEqual({ text: '', cannedId: null });
  });

  it('an outbox saved before replies knew their canned reply still loads', () => {
    const old = [{ id: 'm_1', chatId: 'c1', text: 'hi', createdAt: 1, state: 'sending', error: null }];
    localStorage.setItem('parley.console.outbox.ag_1', JSON.stringify(old));
    expect(loadOutbox('ag_1')).toEqual([{ ...old[0], cannedId: null }]);
  });
});
