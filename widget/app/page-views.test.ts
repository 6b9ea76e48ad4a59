import { describe, expect, it } from 'vitest';
import { isNewPageView, PageViews, type PageViewReport } from './page-views.ts';

const page = (url: string, title = '', referrer = '') => ({ url, title, referrer, lang: 'en' });

describe('page views', () => {
  it('counts a new path or query, not a jump to an anchor, but a hash route change', () => {
    expect(isNewPageView(null, 'https://shop.example/')).toBe(true);
    expect(isNewPageView('https://shop.example/', 'https://shop.example/boots')).toBe(true);
    expect(isNewPageView('https://shop.example/s?q=a', 'https://shop.example/s?q=b')).toBe(true);
    expect(isNewPageView('https://shop.example/', 'https://shop.example/#shop')).toBe(false);
    expect(isNewPageView('https://shop.example/#shop', 'https://shop.example/#about')).toBe(false);
    expect(isNewPageView('https://app.example/#/inbox', 'https://app.example/#/cart')).toBe(true);
    expect(isNewPageView('https://app.example/#!/inbox', 'https://app.example/#!/inbox')).toBe(false);
  });

  it('reports the load and each navigation once, with the page it came from as referrer', () => {
    const views: PageViewReport[] = [];
    const tracker = new PageViews((v) => views.push(v));
    tracker.seen(page('https://shop.example/', 'Shop', 'https://search.example/'));
    tracker.seen(page('https://shop.example/#shop', 'Shop'));
    tracker.seen(page('https://shop.example/boots', 'Boots'));
    tracker.seen(page('file:///home/me/test.html'));
    expect(views.map(({ url, title, referrer }) => ({ url, title, referrer }))).toEqual([
      { url: 'https://shop.example/', title: 'Shop', referrer: 'https://search.example/' },
      { url: 'https://shop.example/boots', title: 'Boots', referrer: 'https://shop.example/' },
    ]);
    expect(new Set(views.map((v) => v.id)).size).toBe(2);
  });
});
