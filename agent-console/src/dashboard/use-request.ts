import { useEffect, useRef, useState } from 'preact/hooks';
import { DashboardRequestError } from './metrics-api.ts';

export interface Loaded<T> {
  /** The last answer; kept (and shown dimmed) while the next one loads. */
  data: T | null;
  loading: boolean;
  error: string | null;
}

/**
 * Loads `load()` whenever `key` changes (null: nothing to load), dropping the answer of a call a
 * newer one replaced, so a slow answer for an old range never overwrites the current one.
 */
export function useRequest<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, loading: key !== null, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === null) {
      setState({ data: null, loading: false, error: null });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ data: s.data, loading: true, error: null }));
    loadRef.current(abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setState({ data, loading: false, error: null });
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const message = err instanceof DashboardRequestError ? err.message : 'Something went wrong while loading.';
        if (!(err instanceof DashboardRequestError)) console.error(err);
        setState({ data: null, loading: false, error: message });
      },
    );
    return () => abort.abort();
  }, [key]);
  return state;
}
