import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import type { HostBridge } from './host-bridge.ts';
import './teaser.css';

/** How often a teaser looks again for the size of a widget the site has just shown. */
const SHOWN_RETRY_MS = 100;

/**
 * Shows the closed window's frame as a teaser (the invitation bubble, the NPS card) as high as
 * `box`, on a see-through page (teaser.css): the host page shows around it. A widget the site
 * has hidden has no layout, so its teaser measures nothing and asks for nothing; once the site
 * shows it, the frame gets its size a moment later, with no event to say so (Chromium runs no
 * resize or observer in a frame that is out of sight): the teaser looks until it has a height.
 */
export function useTeaser(box: RefObject<HTMLElement>, host: Pick<HostBridge, 'isHidden' | 'onHiddenChange'>, show: (height: number) => void): void {
  useLayoutEffect(() => {
    document.documentElement.classList.add('teaser');
    const el = box.current!;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const report = () => {
      clearTimeout(retry);
      const height = Math.ceil(el.getBoundingClientRect().height);
      show(height);
      if (!height && !host.isHidden()) retry = setTimeout(report, SHOWN_RETRY_MS);
    };
    report();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(report) : null;
    observer?.observe(el);
    const stopFollowing = host.onHiddenChange(report);
    return () => {
      clearTimeout(retry);
      stopFollowing();
      observer?.disconnect();
      show(0);
      document.documentElement.classList.remove('teaser');
    };
  }, [host]);
}
