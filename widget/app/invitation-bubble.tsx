import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { HostBridge } from './host-bridge.ts';
import type { Invitations, InvitationView } from './invitations.ts';
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
 * the loader sizes the frame to the bubble, and says so (then it counts as shown).
 */
export function InvitationSlot({ invitations, bridge, siteName, children }: Props) {
  const view = useInvitation(invitations);
  const [open, setOpen] = useState(bridge.isOpen());
  useEffect(() => {
    setOpen(bridge.isOpen());
    return bridge.onOpenChange((isOpen) => {
      setOpen(isOpen);
      if (isOpen) invitations.windowOpened();
    });
  }, [bridge, invitations]);
  const bubble = view && !open ? <InvitationBubble view={view} invitations={invitations} bridge={bridge} siteName={siteName} /> : null;
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

  useLayoutEffect(() => {
    document.documentElement.classList.add('teaser');
    const el = box.current!;
    const report = () => bridge.showBubble(Math.ceil(el.getBoundingClientRect().height));
    report();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(report) : null;
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      bridge.showBubble(0);
      document.documentElement.classList.remove('teaser');
    };
  }, [bridge]);

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
