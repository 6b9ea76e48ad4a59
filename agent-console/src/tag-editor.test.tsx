// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InboxContext } from './inbox-context.ts';
import type { InboxStore } from './inbox-store.ts';
import { TagEditor } from './tag-editor.tsx';

afterEach(cleanup);

describe('TagEditor', () => {
  it('takes the next tag while the server has not answered the last one', async () => {
    const answers: Array<(problem: string | null) => void> = [];
    const setTag = vi.fn(() => new Promise<string | null>((resolve) => answers.push(resolve)));
    const store = { setTag, knownTags: async () => [] } as unknown as InboxStore;
    render(
      <InboxContext.Provider value={store}>
        <TagEditor chatId="c1" tags={[]} editable hint={null} />
      </InboxContext.Provider>,
    );
    const input = screen.getByRole('textbox', { name: 'Add tag' }) as HTMLInputElement;
    fireEvent.input(input, { target: { value: 'refund' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toBe('');
    fireEvent.input(input, { target: { value: 'billing' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(setTag.mock.calls).toEqual([
      ['c1', 'refund', true],
      ['c1', 'billing', true],
    ]);
    // A refusal gives the text back when nothing new was typed.
    fireEvent.input(input, { target: { value: '' } });
    answers[0]!(null);
    answers[1]!('tag: is too long');
    await vi.waitFor(() => expect(input.value).toBe('billing'));
    expect(screen.getByText('tag: is too long')).toBeTruthy();
  });
});
