import { newId } from '../../shared/ids.ts';
import type { HostPage } from '../frame-messages.ts';

/**
 * Is moving from `previous` to `next` a new page view? A new path or query is; a jump to an
 * anchor on the same page is not, unless the site routes by hash (`#/cart`, `#!/cart`).
 */
export function isNewPageView(previous: string | null, next: string): boolean {
  if (previous === null) return true;
  const [prevBase, prevHash = ''] = splitHash(previous);
  const [nextBase, nextHash = ''] = splitHash(next);
  if (prevBase !== nextBase) return true;
  const routed = (hash: string) => /^#!?\//.test(hash);
  return prevHash !== nextHash && (routed(prevHash) || routed(nextHash));
}

function splitHash(url: string): [string, string?] {
  const at = url.indexOf('#');
  return at < 0 ? [url] : [url.slice(0, at), url.slice(at)];
}

export interface PageViewReport {
  id: string;
  url: string;
  title?: string;
  referrer?: string;
}

/**
 * Turns what the loader says about the host page into page views: the page load, then each
 * SPA navigation. Only http(s) pages count (a file opened from disk is nobody's visit).
 */
export class PageViews {
  private lastUrl: string | null = null;

  constructor(private report: (view: PageViewReport) => void) {}

  seen(page: HostPage): void {
    if (!/^https?:/.test(page.url) || !isNewPageView(this.lastUrl, page.url)) return;
    // After an SPA navigation the page it came from is the referrer, as for a real load.
    const referrer = this.lastUrl ?? page.referrer;
    this.lastUrl = page.url;
    const view: PageViewReport = { id: newId('pv_'), url: page.url };
    if (page.title) view.title = page.title.slice(0, 512);
    if (referrer) view.referrer = referrer.slice(0, 2048);
    this.report(view);
  }
}
