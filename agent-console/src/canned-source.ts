import { useEffect, useState } from 'preact/hooks';
import type { CannedReply } from '../../shared/protocol.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';

// The canned replies an agent may use, loaded where a reply is written and loaded again when
// they are edited in this console (the Canned replies page calls `cannedRepliesChanged`).

const reloads = new Set<() => void>();

export function cannedRepliesChanged(): void {
  for (const reload of reloads) reload();
}

export function useCannedReplies(): { canned: CannedReply[]; error: string | null } {
  const store = useInboxStore();
  const connected = useInboxState().connection === 'connected';
  const [state, setState] = useState<{ canned: CannedReply[]; error: string | null }>({ canned: [], error: null });
  useEffect(() => {
    if (!connected) return;
    let live = true;
    const load = () =>
      store.cannedReplies().then(
        (canned) => live && setState({ canned, error: null }),
        (err: Error) => live && setState((s) => ({ ...s, error: err.message })),
      );
    void load();
    reloads.add(load);
    return () => {
      live = false;
      reloads.delete(load);
    };
  }, [store, connected]);
  return state;
}

let siteName: Promise<string | null> | null = null;

/** The site was renamed in the settings: `{site}` is looked up again. */
export function siteNameChanged(): void {
  siteName = null;
}

/** The site's name for `{site}`, from the widget's public configuration; null when unknown. */
export function useSiteName(): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    siteName ??= request(routes.widgetConfig).then(
      (c) => (typeof c.siteName === 'string' ? c.siteName : null),
      () => {
        siteName = null;
        return null;
      },
    );
    void siteName.then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, []);
  return name;
}
