import { useEffect, useRef, useState } from 'preact/hooks';
import { DashboardRequestError } from './metrics-api.ts';

export interface Loaded<T> {
  /** The last answer; kept (and shown dimmed) while the next one loads. */
  data: T | null;
  loading: boolean;
  /** Why the last call failed, in the console's language. */
  error: string | null;
}

interface State<T> {
  data: T | null;
  loading: boolean;
  failure: DashboardRequestError | null;
}

const somethingWrong = () => new DashboardRequestError('Something went wrong while loading.');

/**
 * Loads `load()` whenever `key` changes (null: nothing to load), dropping the answer of a call a
 * newer one replaced, so a slow answer for an old range never overwrites the current one.
 */
export function useRequest<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<State<T>>({ data: null, loading: key !== null, failure: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === null) {
      setState({ data: null, loading: false, failure: null });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ data: s.data, loading: true, failure: null }));
    loadRef.current(abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setState({ data, loading: false, failure: null });
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        if (!(err instanceof DashboardRequestError)) console.error(err);
        setState({ data: null, loading: false, failure: err instanceof DashboardRequestError ? err : somethingWrong() });
      },
    );
    return () => abort.abort();
  }, [key]);
  // Told at render time, so a failure already shown follows a change of language.
  return { data: state.data, loading: state.loading, error: state.failure ? state.failure.describe() : null };
}
