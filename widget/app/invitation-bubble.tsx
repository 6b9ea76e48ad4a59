import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HostBridge } from './host-bridge.ts';
import type { Invitations, InvitationView } from './invitations.ts';
import { useTeaser } from './teaser.ts';
import { useWords } from './words-context.ts';

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

/**
 * An invitation turns the closed window's frame into a greeting bubble above the launcher:
 * the loader sizes the frame to the bubble, and says so (then it counts as shown). There is
 * one only while the window is closed: it gives way when the window opens (main.tsx).
 */
export function InvitationSlot({ invitations, bridge, siteName, children }: Props) {
  const view = useInvitation(invitations);
  const bubble = view ? <InvitationBubble view={view} invitations={invitations} bridge={bridge} siteName={siteName} /> : null;
  return (
    <>
      <div class="slot" hidden={!!bubble}>
        {children}
      </div>
      {bubble}
    </>
  );
}

function InvitationBubble({ view, invitations, bridge, siteName }: { view: InvitationView; invitations: Invitations; bridge: HostBridge; siteName: string }) {
  const t = useWords();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => bridge.onCardShown(() => invitations.onScreen()), [bridge, invitations]);

  useTeaser(box, bridge, (height) => bridge.showBubble(height));

  return (
    <div class="invitation-wrap" ref={box}>
      <section class="invitation" aria-label={t.invitationFrom(siteName || t.chat)}>
        <p class="invitation-text" role="status">
          {view.text}
        </p>
        <div class="invitation-actions">
          <button type="button" class="primary" onClick={() => invitations.click()}>
            {t.reply}
          </button>
          <button type="button" class="link" onClick={() => invitations.dismiss()}>
            {t.closeInvitation}
          </button>
        </div>
      </section>
    </div>
  );
}
