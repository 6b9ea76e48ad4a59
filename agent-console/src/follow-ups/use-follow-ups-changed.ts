import { useEffect } from 'preact/hooks';
import { useInboxState, useInboxStore } from '../inbox-context.ts';

/**
 * Runs `reload` now, whenever the server says follow-ups of a chat this console sees changed,
 * and after every reconnect (a notice sent while disconnected is lost).
 */
export function useFollowUpsChanged(reload: () => void): void {
  const store = useInboxStore();
  const connection = useInboxState().connection;
  useEffect(() => store.listenTo('followUps:changed', () => reload()), [store]);
  useEffect(() => {
    if (connection === 'connected') reload();
  }, [connection]);
}
