// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SurveyView } from '../../../shared/protocol.ts';
import { chatView } from '../testing/chat-fixtures.ts';
import { FakeHostBridge } from '../testing/fake-host-bridge.ts';
import { FakeVisitorSocket } from '../testing/fake-visitor-socket.ts';
import { SurveySession } from './survey-session.ts';
import { NpsCardSlot, PostChatSurveySlot } from './survey-slots.tsx';
import { NPS_THANKS_MS } from './survey-views.tsx';
import { answered, surveyView } from './testing/survey-fixtures.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A server that records every answer and says it was saved. */
function surveysFrom(offer: SurveyView[]) {
  const socket = new FakeVisitorSocket('tok_1');
  const byId = new Map(offer.map((s) => [s.id, s]));
  socket.answer('survey:shown', (q) => ({ ok: true, survey: { ...byId.get(q.surveyId)!, status: 'sent', sentAt: 1 } }));
  socket.answer('survey:answer', (a) => ({ ok: true, duplicate: false, survey: answered(byId.get(a.surveyId)!, a.score, a.comment ?? null) }));
  socket.answer('survey:skip', (q) => ({ ok: true, survey: { ...byId.get(q.surveyId)!, status: 'skipped' } }));
  const session = new SurveySession();
  session.attach(socket.asSocket());
  socket.fire('connect');
  socket.fire('survey:offer', { surveys: offer.filter((s) => s.kind !== 'nps') });
  if (offer.some((s) => s.kind === 'nps')) {
    socket.answer('survey:pending', () => ({ ok: true, surveys: offer.filter((s) => s.kind === 'nps') }));
    session.loadPending();
  }
  return { socket, session };
}

/** The loader's side with the card: the heights asked for, and its word that the card is on screen. */
class CardHostBridge extends FakeHostBridge {
  heights: number[] = [];
  private shownListeners = new Set<() => void>();
  showCard = (height: number) => void this.heights.push(height);
  onCardShown = (listener: () => void) => {
    this.shownListeners.add(listener);
    return () => void this.shownListeners.delete(listener);
  };
  shown(): void {
    for (const listener of this.shownListeners) listener();
  }
}

const option = (group: HTMLElement, n: number) => within(group).getByRole('radio', { name: String(n) });

describe('post-chat surveys in the chat window', () => {

  it('a promoter gets the review link the server sent with the thanks; the link opens in a new tab', async () => {
    const socket = new FakeVisitorSocket('tok_1');
    const csat = surveyView('csat');
    socket.answer('survey:shown', () => ({ ok: true, survey: { ...csat, status: 'sent', sentAt: 1 } }));
    socket.answer('survey:answer', (a) => ({
      ok: true,
      duplicate: false,
      survey: { ...answered(csat, a.score), reviewLink: { url: 'https://reviews.example/acme', text: 'Review us' } },
    }));
    const session = new SurveySession();
    session.attach(socket.asSocket());
    socket.fire('connect');
    socket.fire('survey:offer', { surveys: [csat] });
    render(<PostChatSurveySlot surveys={session} bridge={new FakeHostBridge()} chat={chatView({ status: 'closed' })} />);
    const group = await screen.findByRole('group', { name: 'How satisfied are you with the support you received?' });
    expect(screen.queryByRole('link', { name: 'Review us' })).toBeNull();
    fireEvent.click(option(group, 5));
    fireEvent.click(within(group).getByRole('button', { name: 'Submit' }));
    const link = await screen.findByRole('link', { name: 'Review us' });
    expect(link.getAttribute('href')).toBe('https://reviews.example/acme');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });
  it('CSAT then CES, each a group named by its question, saved on Submit; then a thank-you', async () => {
    const { socket, session } = surveysFrom([surveyView('csat'), surveyView('ces')]);
    const bridge = new FakeHostBridge();
    render(<PostChatSurveySlot surveys={session} bridge={bridge} chat={chatView({ status: 'closed' })} />);

    const csat = await screen.findByRole('group', { name: 'How satisfied are you with the support you received?' });
    expect(within(csat).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['1', '2', '3', '4', '5']);
    expect(within(csat).getByText('Very dissatisfied')).toBeTruthy();
    expect(within(csat).getByText('Very satisfied')).toBeTruthy();
    await vi.waitFor(() => expect(socket.sent('survey:shown')).toEqual([{ surveyId: 'sv_csat' }]));

    // Submit does nothing before a score is chosen.
    const submit = within(csat).getByRole('button', { name: 'Submit' });
    expect(submit.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(submit);
    expect(socket.sent('survey:answer')).toEqual([]);

    fireEvent.click(option(csat, 4));
    fireEvent.input(within(csat).getByRole('textbox', { name: 'Comment' }), { target: { value: 'Quick answers' } });
    fireEvent.click(submit);
    fireEvent.click(submit);
    expect(socket.sent('survey:answer')).toEqual([{ surveyId: 'sv_csat', kind: 'csat', score: 4, comment: 'Quick answers' }]);

    const ces = await screen.findByRole('group', { name: 'The company made it easy for me to handle my issue.' });
    expect(within(ces).getAllByRole('radio')).toHaveLength(7);
    expect(screen.getByText('Your answer: 4 of 5')).toBeTruthy();
    // The form that replaced the one just used has the focus.
    expect(document.activeElement).toBe(ces);
    await vi.waitFor(() => expect(socket.sent('survey:shown')).toEqual([{ surveyId: 'sv_csat' }, { surveyId: 'sv_ces' }]));

    fireEvent.click(option(ces, 7));
    fireEvent.click(within(ces).getByRole('button', { name: 'Submit' }));
    const thanks = await screen.findByRole('status');
    expect(thanks.textContent).toBe('Thank you for your feedback!');
    expect(document.activeElement).toBe(thanks);
    expect(screen.getByText('Your answer: 7 of 7')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
  });

  it('nothing counts as sent while the window is closed; skipping both leaves nothing behind', async () => {
    const { socket, session } = surveysFrom([surveyView('csat'), surveyView('ces', { scale: 5, max: 5 })]);
    const bridge = new FakeHostBridge();
    bridge.open = false;
    render(<PostChatSurveySlot surveys={session} bridge={bridge} chat={null} />);
    const csat = await screen.findByRole('group', { name: /How satisfied/ });
    expect(socket.sent('survey:shown')).toEqual([]);
    bridge.setOpen(true);
    await vi.waitFor(() => expect(socket.sent('survey:shown')).toEqual([{ surveyId: 'sv_csat' }]));

    fireEvent.click(within(csat).getByRole('button', { name: 'Skip' }));
    const ces = await screen.findByRole('group', { name: /made it easy/ });
    expect(within(ces).getAllByRole('radio')).toHaveLength(5);
    fireEvent.click(within(ces).getByRole('button', { name: 'Skip' }));
    await vi.waitFor(() => expect(screen.queryByRole('group')).toBeNull());
    expect(screen.queryByRole('status')).toBeNull();
    expect(socket.sent('survey:skip')).toEqual([{ surveyId: 'sv_csat' }, { surveyId: 'sv_ces' }]);
  });

  it('nothing counts as sent while the site has hidden the widget, open window or not', async () => {
    const { socket, session } = surveysFrom([surveyView('csat')]);
    const bridge = new FakeHostBridge();
    bridge.hidden = true;
    render(<PostChatSurveySlot surveys={session} bridge={bridge} chat={null} />);
    await screen.findByRole('group', { name: /How satisfied/ });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.sent('survey:shown')).toEqual([]);
    bridge.setHidden(false);
    await vi.waitFor(() => expect(socket.sent('survey:shown')).toEqual([{ surveyId: 'sv_csat' }]));
  });

  it('shows the answer already recorded when this one changed nothing', async () => {
    const { socket, session } = surveysFrom([surveyView('csat'), surveyView('ces')]);
    socket.answer('survey:answer', () => ({ ok: true, duplicate: true, survey: answered(surveyView('csat'), 2) }));
    render(<PostChatSurveySlot surveys={session} bridge={new FakeHostBridge()} chat={null} />);
    const csat = await screen.findByRole('group', { name: /How satisfied/ });
    fireEvent.click(option(csat, 5));
    fireEvent.click(within(csat).getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('Your answer was already recorded: 2 of 5')).toBeTruthy();
  });

  it('says when an answer was not saved, and lets the visitor try again', async () => {
    const { socket, session } = surveysFrom([surveyView('csat')]);
    socket.fire('disconnect');
    render(<PostChatSurveySlot surveys={session} bridge={new FakeHostBridge()} chat={null} />);
    const csat = await screen.findByRole('group', { name: /How satisfied/ });
    fireEvent.click(option(csat, 3));
    fireEvent.click(within(csat).getByRole('button', { name: 'Submit' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/wasn't saved/);
    expect(csat.getAttribute('aria-describedby')).toBe(alert.id);
    socket.fire('connect');
    fireEvent.click(within(csat).getByRole('button', { name: 'Submit' }));
    expect(socket.sent('survey:answer')).toEqual([{ surveyId: 'sv_csat', kind: 'csat', score: 3 }]);
  });

  it('speaks the survey language: Russian words around Russian questions', async () => {
    const { session } = surveysFrom([surveyView('csat', { language: 'ru', question: 'Насколько вы довольны поддержкой?' })]);
    render(<PostChatSurveySlot surveys={session} bridge={new FakeHostBridge()} chat={null} />);
    const csat = await screen.findByRole('group', { name: 'Насколько вы довольны поддержкой?' });
    expect(within(csat).getByRole('textbox', { name: 'Комментарий' })).toBeTruthy();
    expect(within(csat).getByRole('button', { name: 'Отправить' })).toBeTruthy();
    expect(within(csat).getByRole('button', { name: 'Пропустить' })).toBeTruthy();
  });

  it('renders server text as text', async () => {
    const { session } = surveysFrom([surveyView('csat', { question: '<img src=x onerror=alert(1)>' })]);
    const { container } = render(<PostChatSurveySlot surveys={session} bridge={new FakeHostBridge()} chat={null} />);
    await screen.findByRole('group', { name: '<img src=x onerror=alert(1)>' });
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('the NPS card', () => {
  function renderCard(open = false) {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ height: 281.5 } as DOMRect);
    const { socket, session } = surveysFrom([surveyView('nps')]);
    const bridge = new CardHostBridge();
    bridge.open = open;
    const host = bridge;
    render(
      <NpsCardSlot surveys={session} bridge={bridge}>
        <main>the chat window</main>
      </NpsCardSlot>,
    );
    return { socket, session, host, bridge };
  }

  it('asks the loader for a card its height, counts as sent once on screen, and answers 0–10 with a reason', async () => {
    const { socket, host } = renderCard();
    const group = await screen.findByRole('group', { name: 'How likely are you to recommend Acme Shoes to a friend or colleague?' });
    expect(host.heights).toContain(282);
    // The chat window stays mounted but out of sight and out of the accessibility tree.
    expect(screen.queryByRole('main')).toBeNull();
    expect(within(group).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    );
    const comment = within(group).getByRole('textbox', { name: 'Comment' });
    expect(document.getElementById(comment.getAttribute('aria-describedby')!)!.textContent).toBe('What is the main reason for your score?');

    expect(socket.sent('survey:shown')).toEqual([]);
    // The loader's word comes once the card has subscribed to it.
    await vi.waitFor(() => {
      host.shown();
      expect(socket.sent('survey:shown')).toEqual([{ surveyId: 'sv_nps' }]);
    });

    vi.useFakeTimers();
    fireEvent.click(option(group, 9));
    fireEvent.input(comment, { target: { value: 'Fast delivery' } });
    fireEvent.click(within(group).getByRole('button', { name: 'Submit' }));
    expect(socket.sent('survey:answer')).toEqual([{ surveyId: 'sv_nps', kind: 'nps', score: 9, comment: 'Fast delivery' }]);
    // Preact runs effects on the next frame.
    await vi.advanceTimersByTimeAsync(50);
    expect(screen.getByRole('status').textContent).toBe('Thank you for your feedback!');
    await vi.advanceTimersByTimeAsync(NPS_THANKS_MS);
    expect(screen.queryByRole('status')).toBeNull();
    expect(host.heights.at(-1)).toBe(0);
    expect(screen.getByRole('main')).toBeTruthy();
  });

  it('Skip closes the card at once', async () => {
    const { socket, host } = renderCard();
    const group = await screen.findByRole('group', { name: /How likely/ });
    fireEvent.click(within(group).getByRole('button', { name: 'Skip' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(host.heights.at(-1)).toBe(0);
    expect(socket.sent('survey:skip')).toEqual([{ surveyId: 'sv_nps' }]);
  });

  it('gives way to the chat window while it is open, and comes back when it closes', async () => {
    const { bridge, host } = renderCard();
    await screen.findByRole('group', { name: /How likely/ });
    bridge.setOpen(true);
    await vi.waitFor(() => expect(screen.queryByRole('group')).toBeNull());
    expect(host.heights.at(-1)).toBe(0);
    expect(screen.getByRole('main')).toBeTruthy();
    bridge.setOpen(false);
    expect(await screen.findByRole('group', { name: /How likely/ })).toBeTruthy();
    expect(host.heights.at(-1)).toBe(282);
  });

  it('in a widget the site has hidden, asks for no card until it is shown and the frame has its size again', async () => {
    let laidOut = false;
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(() => ({ height: laidOut ? 281.5 : 0 }) as DOMRect);
    const { socket, session } = surveysFrom([surveyView('nps')]);
    const bridge = new CardHostBridge();
    bridge.open = false;
    bridge.hidden = true;
    render(
      <NpsCardSlot surveys={session} bridge={bridge}>
        <main>the chat window</main>
      </NpsCardSlot>,
    );
    await screen.findByRole('group', { name: /How likely/ });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(bridge.heights.filter(Boolean)).toEqual([]);
    // Shown: the word comes before the frame has its size, and nothing says when it has.
    bridge.setHidden(false);
    expect(bridge.heights.at(-1)).toBe(0);
    laidOut = true;
    await vi.waitFor(() => expect(bridge.heights.at(-1)).toBe(282));
    expect(socket.sent('survey:shown')).toEqual([]);
    bridge.shown();
    expect(socket.sent('survey:shown')).toEqual([{ surveyId: 'sv_nps' }]);
  });

  it('is never drawn over an open window', async () => {
    const { session } = renderCard(true);
    await vi.waitFor(() => expect(session.state.nps).not.toBeNull());
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.getByRole('main')).toBeTruthy();
  });
});
