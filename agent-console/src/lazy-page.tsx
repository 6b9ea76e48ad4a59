import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n.ts';

// Every page but the inbox (and sign in) is a chunk of its own, fetched when first opened: the
// console starts, on a phone too, with the inbox's code only. The service worker keeps every
// chunk of the build, so an installed app opens the other pages offline as well.

/** A page whose code is fetched the first time it is shown. */
export function lazyPage<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<FunctionComponent<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      let live = true;
      load().then(
        (page) => {
          loaded = page;
          if (live) setPage(() => page);
        },
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, []);
    if (failed) {
      // A chunk of an earlier build, gone from the server since a deployment: the page as it
      // is now loads with the app.
      return (
        <main class="splash">
          <p role="alert">
            {t('Could not load this page.')}{' '}
            <button type="button" class="link-button" onClick={() => location.reload()}>
              {t('Try again')}
            </button>
          </p>
        </main>
      );
    }
    if (!Page) {
      return (
        <main class="splash" aria-busy="true">
          <p role="status">{t('Loading…')}</p>
        </main>
      );
    }
    return <Page {...props} />;
  };
}
