import { describe, expect, it } from 'vitest';
import { memoryStore } from './local-store.ts';
import { Outbox, OUTBOX_KEY } from './outbox.ts';

describe('Outbox', () => {
  it('survives a reload through the store and forgets acknowledged messages', () => {
    const store = memoryStore();
    const outbox = new Outbox(store);
    outbox.add({ id: 'msg_1', text: 'one', createdAt: 1 });
    outbox.add({ id: 'msg_2', text: 'two', createdAt: 2 });
    outbox.update('msg_2', { error: 'text: is too long' });
    const reloaded = new Outbox(store);
    expect(reloaded.list()).toEqual([
      { id: 'msg_1', text: 'one', createdAt: 1 },
      { id: 'msg_2', text: 'two', createdAt: 2, error: 'text: is too long' },
    ]);
    expect(reloaded.remove(['msg_9'])).toBe(false);
    expect(reloaded.remove(['msg_1', 'msg_2'])).toBe(true);
    expect(store.get(OUTBOX_KEY)).toBeNull();
  });

  it('ignores a damaged saved outbox instead of failing to start', () => {
    const store = memoryStore();
    store.set(OUTBOX_KEY, '{not json');
    expect(new Outbox(store).list()).toEqual([]);
    store.set(OUTBOX_KEY, JSON.stringify([{ id: 'ok', text: 't', createdAt: 1 }, { id: 5 }, null]));
    expect(new Outbox(store).list()).toEqual([{ id: 'ok', text: 't', createdAt: 1 }]);
  });
});
