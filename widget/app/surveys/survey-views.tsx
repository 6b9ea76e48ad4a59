import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { HostBridge } from '../host-bridge.ts';
import { useTeaser } from '../teaser.ts';
import { isFinished, type SurveyEntry, type SurveySession } from './survey-session.ts';
import { problemText, RecordedAnswer, SurveyForm } from './survey-form.tsx';
import { surveyWords } from './survey-words.ts';
import './surveys.css';

// Loaded on demand (see survey-slots.tsx): nobody needs a survey before their first message.

/** How long the NPS card says thank you before it goes. */
export const NPS_THANKS_MS = 2500;
/** With a review link to follow, the thanks stays long enough to read and click it. */
export const NPS_REVIEW_THANKS_MS = 20_000;

interface PostChatProps {
  entries: SurveyEntry[];
  session: SurveySession;
  /** The window is open and the page in view: what is drawn is seen. */
  visible: boolean;
}

/**
 * Scrolls the conversation, not the host page (as scrollIntoView from a frame may), so the
 * block shows down to its end, or as much as fits from the top of `first` (what to read first).
 */
function revealInScroller(el: HTMLElement, first: Element): void {
  let box = el.parentElement;
  while (box && !/auto|scroll/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
  if (!box) return;
  const view = box.getBoundingClientRect();
  // With its margin below, so it doesn't end flush against the message box.
  const hidden = el.getBoundingClientRect().bottom + parseFloat(getComputedStyle(el).marginBottom) - view.bottom;
  if (hidden > 0) box.scrollTop += Math.min(hidden, first.getBoundingClientRect().top - view.top);
}

/** CSAT then CES at the end of the conversation, then a thank-you. */
export function PostChatSurveys({ entries, session, visible }: PostChatProps) {
  const current = entries.find((e) => !isFinished(e));
  const answered = entries.filter((e) => e.survey.status === 'answered');
  // After an answer or a skip here, the next form (or the thank-you) takes the focus.
  const acted = useRef(false);
  const thanks = useRef<HTMLParagraphElement>(null);
  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    if (visible && current) session.markShown(current.survey.id);
  }, [session, visible, current?.survey.id]);

  useLayoutEffect(() => {
    if (!current && acted.current) thanks.current?.focus({ preventScroll: true });
  }, [!current]);

  // The form to fill in (or the thank-you) comes into view; answers already given may scroll away.
  useLayoutEffect(() => {
    const el = section.current;
    if (el?.lastElementChild) revealInScroller(el, el.lastElementChild);
  }, [current?.survey.id, answered.length]);

  if (!current && !answered.length) return null;
  const t = surveyWords((current ?? answered[0]!).survey.language);
  const act = (run: () => void) => {
    acted.current = true;
    run();
  };
  return (
    <section class="surveys" aria-label={t.heading} ref={section}>
      {answered.map((entry) => (
        <RecordedAnswer key={entry.survey.id} entry={entry} />
      ))}
      {current ? (
        <SurveyForm
          key={current.survey.id}
          entry={current}
          focusOnMount={acted.current}
          onAnswer={(score, comment) => act(() => session.answer(current.survey.id, score, comment))}
          onSkip={() => act(() => session.skip(current.survey.id))}
        />
      ) : (
        <>
          <p class="survey-thanks" role="status" tabIndex={-1} ref={thanks}>
            {t.thanks}
          </p>
          <ReviewLink link={answered.map((e) => e.survey.reviewLink).find((l) => l) ?? null} />
        </>
      )}
    </section>
  );
}

/** The owner's review link, shown to a promoter with the thanks (the server decides who is one). */
function ReviewLink({ link }: { link: { url: string; text: string } | null }) {
  if (!link) return null;
  return (
    <p class="survey-review">
      <a href={link.url} target="_blank" rel="noopener noreferrer">
        {link.text}
      </a>
    </p>
  );
}

/** What the card needs from the loader on the host page. */
export type CardHost = Pick<HostBridge, 'showCard' | 'onCardShown' | 'isHidden' | 'onHiddenChange'>;

interface NpsCardProps {
  entry: SurveyEntry;
  session: SurveySession;
  host: CardHost;
}

/**
 * The NPS as a card above the launcher, drawn in the same frame as the chat window: the loader
 * sizes the frame to the card and says when it is on screen, which is when it counts as sent.
 */
export function NpsCard({ entry, session, host }: NpsCardProps) {
  const card = useRef<HTMLDivElement>(null);
  const finished = isFinished(entry);
  const id = entry.survey.id;

  // Listening before asking: the loader may size the frame before a later effect would run.
  useLayoutEffect(() => host.onCardShown(() => session.markShown(id)), [host, session, id]);
  useTeaser(card, host, (height) => host.showCard(height));

  useEffect(() => {
    if (!finished) return;
    const timer = setTimeout(() => session.dismissNps(), entry.survey.reviewLink ? NPS_REVIEW_THANKS_MS : NPS_THANKS_MS);
    return () => clearTimeout(timer);
  }, [finished, session, !!entry.survey.reviewLink]);

  const t = surveyWords(entry.survey.language);
  return (
    <div class="card-frame">
      <div class="card-pad" ref={card}>
        <section class="nps-card">
          {finished ? (
            <>
              <p class="survey-thanks" role="status">
                {problemText(entry, t) ?? t.thanks}
              </p>
              <ReviewLink link={entry.survey.reviewLink ?? null} />
            </>
          ) : (
            <SurveyForm
              entry={entry}
              onAnswer={(score, comment) => session.answer(id, score, comment)}
              onSkip={() => session.skip(id)}
            />
          )}
        </section>
      </div>
    </div>
  );
}
