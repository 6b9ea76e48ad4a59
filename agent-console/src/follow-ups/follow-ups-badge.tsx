import { useState } from 'preact/hooks';
import { tn } from '../i18n.ts';
import { followUpsApi } from './follow-ups-api.ts';
import { useFollowUpsChanged } from './use-follow-ups-changed.ts';

/** The open follow-ups count beside the page's name in the top bar, kept live over the socket. */
export function FollowUpsBadge() {
  const [open, setOpen] = useState(0);
  useFollowUpsChanged(() => {
    followUpsApi.openCount().then(setOpen, () => {});
  });
  if (!open) return null;
  return (
    <span class="nav-badge" aria-label={tn('one: {count} open follow-up | other: {count} open follow-ups', open)}>
      {open}
    </span>
  );
}
