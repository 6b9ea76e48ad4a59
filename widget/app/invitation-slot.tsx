import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { HostBridge } from './host-bridge.ts';
import type * as BubbleModule from './invitation-bubble.tsx';
import type { Invitations, InvitationView } from './invitations.ts';

interface Props {
  invitations: Invitations;
  bridge: HostBridge;
  siteName: string;
  /** The chat window, kept (hidden) under the bubble so nothing typed in it is lost. */
  children: ComponentChildren;
}

function useInvitation(invitations: Invitations): InvitationView | null {
  const [view, setView] = useState(invitations.current);
  useEffect(() => {
    setView(invitations.current);
    return invitations.subscribe(setView);
  }, [invitations]);
  return view;
}

type Bubble = typeof BubbleModule.InvitationBubble;
let loading: Promise<Bubble> | undefined;

/**
 * The bubble's view and styles, fetched the first time there is an invitation to show: nobody
 * needs them to send a first message, so they are no part of the window's first load. Until
 * they are in, the invitation is not on screen (and not counted as shown).
 */
function useBubble(needed: boolean): Bubble | null {
  const [bubble, setBubble] = useState<Bubble | null>(null);
  useEffect(() => {
    if (!needed || bubble) return;
    loading ??= import('./invitation-bubble.tsx').then((loaded) => loaded.InvitationBubble);
    loading.then(
      (loaded) => setBubble(() => loaded),
      // A failed fetch is tried again with the next invitation.
      () => (loading = undefined),
    );
  }, [needed, bubble]);
  return bubble;
}

/**
 * An invitation turns the closed window's frame into a greeting bubble above the launcher:
 * the loader sizes the frame to the bubble, and says so (then it counts as shown). There is
 * one only while the window is closed: it gives way when the window opens (main.tsx).
 */
export function InvitationSlot({ invitations, bridge, siteName, children }: Props) {
  const view = useInvitation(invitations);
  const Bubble = useBubble(!!view);
  const bubble = view && Bubble ? <Bubble view={view} invitations={invitations} bridge={bridge} siteName={siteName} /> : null;
  return (
    <>
      <div class="slot" hidden={!!bubble}>
        {children}
      </div>
      {bubble}
    </>
  );
}
