import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { VisitorChatView } from '../../../shared/protocol.ts';
import type { HostBridge } from '../host-bridge.ts';
import { postChatOnScreen, type SurveySession, type SurveyState } from './survey-session.ts';
import type * as SurveyViews from './survey-views.tsx';

// The survey views load only when there is a survey to show, so they weigh nothing on the
// window's first paint (the app's size budget counts what loads before a first message).

type Views = typeof SurveyViews;
let loading: Promise<Views> | undefined;

function useSurveyViews(needed: boolean): Views | null {
  const [views, setViews] = useState<Views | null>(null);
  useEffect(() => {
    if (!needed || views) return;
    loading ??= import('./survey-views.tsx');
    loading.then(
      (loaded) => setViews(() => loaded),
      // A failed fetch is tried again the next time a survey needs showing.
      () => (loading = undefined),
    );
  }, [needed, views]);
  return views;
}

function useSurveyState(surveys: SurveySession): SurveyState {
  const [state, setState] = useState(surveys.state);
  useEffect(() => {
    setState(surveys.state);
    return surveys.subscribe(setState);
  }, [surveys]);
  return state;
}

function useWindowOpen(bridge: HostBridge): boolean {
  const [open, setOpen] = useState(bridge.isOpen());
  useEffect(() => {
    setOpen(bridge.isOpen());
    return bridge.onOpenChange(setOpen);
  }, [bridge]);
  return open;
}

/** The site has hidden the whole widget: nothing in it is seen, open window or not. */
function useWidgetHidden(bridge: HostBridge): boolean {
  const [hidden, setHidden] = useState(bridge.isHidden());
  useEffect(() => {
    setHidden(bridge.isHidden());
    return bridge.onHiddenChange(setHidden);
  }, [bridge]);
  return hidden;
}

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(document.visibilityState === 'visible');
  useEffect(() => {
    const change = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', change);
    return () => document.removeEventListener('visibilitychange', change);
  }, []);
  return visible;
}

interface PostChatSlotProps {
  surveys: SurveySession;
  bridge: HostBridge;
  chat: VisitorChatView | null;
}

/** Where the chat window shows the CSAT and CES of the chat that has closed. */
export function PostChatSurveySlot({ surveys, bridge, chat }: PostChatSlotProps) {
  const entries = postChatOnScreen(useSurveyState(surveys).postChat, chat);
  const open = useWindowOpen(bridge);
  const hidden = useWidgetHidden(bridge);
  const visible = usePageVisible() && open && !hidden;
  const views = useSurveyViews(entries.length > 0);
  if (!views || !entries.length) return null;
  return <views.PostChatSurveys entries={entries} session={surveys} visible={visible} />;
}

interface NpsCardSlotProps {
  surveys: SurveySession;
  bridge: HostBridge;
  /** The chat window, kept (hidden) under the card so nothing typed in it is lost. */
  children: ComponentChildren;
}

/**
 * A due NPS turns the closed window's frame into a card near the launcher. Opening the chat
 * puts the window back; closing it brings the card back until it is answered or skipped.
 */
export function NpsCardSlot({ surveys, bridge, children }: NpsCardSlotProps) {
  const { nps } = useSurveyState(surveys);
  const open = useWindowOpen(bridge);
  const wanted = !!nps && !open;
  const views = useSurveyViews(wanted);
  const card = wanted && views ? <views.NpsCard entry={nps!} session={surveys} host={bridge} /> : null;
  return (
    <>
      <div style={{ height: '100%' }} hidden={!!card}>
        {children}
      </div>
      {card}
    </>
  );
}
