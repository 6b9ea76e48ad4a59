import { useEffect, useRef } from 'preact/hooks';
import type { HostBridge } from './host-bridge.ts';
import type { Invitations, InvitationView } from './invitations.ts';
import { useTeaser } from './teaser.ts';
import { useWords } from './words-context.ts';
import './invitation-bubble.css';

// Loaded on demand (see invitation-slot.tsx): nobody needs an invitation to send a first message.

interface Props {
  view: InvitationView;
  invitations: Invitations;
  bridge: HostBridge;
  siteName: string;
}

/** The greeting bubble above the launcher, in the closed window's frame. */
export function InvitationBubble({ view, invitations, bridge, siteName }: Props) {
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
