import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { InboxStore } from './inbox-store.ts';
import type { InboxState } from './inbox-state.ts';

export const InboxContext = createContext<InboxStore | null>(null);

export function useInboxStore(): InboxStore {
  const store = useContext(InboxContext);
  if (!store) throw new Error('useInboxStore needs an <InboxContext.Provider>');
  return store;
}

/** The inbox state, re-rendering the caller on every change. */
export function useInboxState(): InboxState {
  const store = useInboxStore();
  const [state, setState] = useState(() => store.getState());
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
