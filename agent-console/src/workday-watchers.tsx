import { useAlertPlayer } from './alert-player.ts';
import { useAutoAway } from './auto-away.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';

/** Alerts and auto-away run on every page of the console, not only the inbox. */
export function WorkdayWatchers() {
  const store = useInboxStore();
  const minutes = useInboxState().autoAwayMinutes;
  useAlertPlayer(store);
  useAutoAway(store, minutes);
  return null;
}
