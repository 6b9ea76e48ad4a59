import { useEffect } from 'preact/hooks';

export function pageTitle(unread: number): string {
  return unread > 0 ? `(${unread}) Parley` : 'Parley';
}

/** Keeps the browser tab's title on the unread count, so agents see it from other tabs. */
export function useUnreadTitle(unread: number): void {
  useEffect(() => {
    document.title = pageTitle(unread);
  }, [unread]);
  useEffect(() => () => void (document.title = pageTitle(0)), []);
}
