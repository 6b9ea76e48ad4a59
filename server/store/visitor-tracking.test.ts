import { describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite.ts';
import { createVisitor, getVisitorContext } from './chats.ts';
import { recordConversion, recordPageView } from './visitor-tracking.ts';

describe('what the widget reports with ids of its own', () => {
  it('is stored once: a retry is a repeat, the same id from another visitor is refused and changes nothing', async () => {
    const store = openSqliteStore(':memory:');
    const anna = (await createVisitor(store, 0)).visitorId;
    const boris = (await createVisitor(store, 0)).visitorId;
    const view = { id: 'pv_1', visitorId: anna, url: 'https://shop.example/a', title: null, at: 1 };
    expect(await recordPageView(store, view)).toBe('new');
    expect(await recordPageView(store, { ...view, url: 'https://shop.example/b', at: 2 })).toBe('repeat');
    expect(await recordPageView(store, { ...view, visitorId: boris, url: 'https://shop.example/c' })).toBe('taken');
    expect(await store.all('SELECT visitor_id, url FROM page_views')).toEqual([{ visitor_id: anna, url: 'https://shop.example/a' }]);
    // Only a new view moves the visitor.
    expect((await getVisitorContext(store, anna)).currentUrl).toBe('https://shop.example/a');
    expect((await getVisitorContext(store, boris)).currentUrl).toBeNull();

    const sale = { id: 'cv_1', visitorId: anna, at: 3, value: 10, currency: 'EUR' };
    expect(await recordConversion(store, sale)).toBe('new');
    expect(await recordConversion(store, { ...sale, value: 99 })).toBe('repeat');
    expect(await recordConversion(store, { ...sale, visitorId: boris })).toBe('taken');
    expect(await store.column('SELECT value FROM conversions')).toEqual([10]);
    await store.close();
  });
});
