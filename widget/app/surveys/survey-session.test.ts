import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatState } from '../chat-session.ts';
import { ACK_TIMEOUT_MS } from '../chat-session.ts';
import { chatView } from '../testing/chat-fixtures.ts';
import { FakeVisitorSocket } from '../testing/fake-visitor-socket.ts';
import { isFinished, postChatOnScreen, SurveySession } from './survey-session.ts';
import { answered, surveyView } from './testing/survey-fixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The chat session as the surveys see it: a stream of states. */
function fakeChat() {
  const listeners = new Set<(state: ChatState) => void>();
  return {
    subscribe(listener: (state: ChatState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connected(connected: boolean) {
      for (const listener of listeners) listener({ connected } as ChatState);
    },
  };
}

function setup(pending = [surveyView('csat'), surveyView('ces')]) {
  const socket = new FakeVisitorSocket('tok_1');
  socket.answer('survey:pending', () => ({ ok: true, surveys: pending }));
  socket.answer('survey:shown', (q) => ({ ok: true, survey: { ...surveyView(q.surveyId.slice(3)), status: 'sent', sentAt: 1 } }));
  const surveys = new SurveySession();
  surveys.attach(socket.asSocket());
  const chat = fakeChat();
  surveys.follow(chat);
  socket.fire('connect');
  return { socket, surveys, chat };
}

describe('SurveySession', () => {
  it('asks for pending surveys after each hello and keeps CSAT before CES', async () => {
    const { socket, surveys, chat } = setup([surveyView('ces'), surveyView('csat'), surveyView('nps', { chatId: 'chat_0' })]);
    expect(socket.sent('survey:pending')).toEqual([]);
    chat.connected(true);
    chat.connected(true);
    await flush();
    expect(socket.sent('survey:pending')).toEqual([{}]);
    expect(surveys.state.postChat.map((e) => e.survey.kind)).toEqual(['csat', 'ces']);
    expect(surveys.state.nps?.survey.chatId).toBe('chat_0');
    chat.connected(false);
    chat.connected(true);
    await flush();
    expect(socket.sent('survey:pending')).toHaveLength(2);
    expect(surveys.state.postChat).toHaveLength(2);
  });

  it('says once the server has listed what is due (an NPS may come until then), or could not', async () => {
    const { surveys, socket, chat } = setup([]);
    socket.fire('survey:offer', { surveys: [surveyView('csat')] });
    expect(surveys.state.listed).toBe(false);
    chat.connected(true);
    await flush();
    expect(surveys.state).toMatchObject({ listed: true, nps: null });

    vi.useFakeTimers();
    const silent = setup([]);
    silent.socket.answer('survey:pending', () => undefined);
    silent.chat.connected(true);
    expect(silent.surveys.state.listed).toBe(false);
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(silent.surveys.state.listed).toBe(true);
  });

  it('takes the surveys the server offers when a chat closes, replacing those of an older chat', async () => {
    const { socket, surveys } = setup([]);
    socket.fire('survey:offer', { surveys: [surveyView('csat', { id: 'a', chatId: 'chat_0' })] });
    socket.fire('survey:offer', { surveys: [surveyView('csat'), surveyView('ces')] });
    expect(surveys.state.postChat.map((e) => e.survey.id)).toEqual(['sv_csat', 'sv_ces']);
    expect(surveys.state.nps).toBeNull();
  });

  it('reports a survey on screen once; the ack carries it as sent', async () => {
    const { socket, surveys, chat } = setup();
    chat.connected(true);
    await flush();
    surveys.markShown('sv_csat');
    surveys.markShown('sv_csat');
    expect(socket.sent('survey:shown')).toEqual([{ surveyId: 'sv_csat' }]);
    await flush();
    expect(surveys.state.postChat[0]!.survey.status).toBe('sent');
  });

  it('a survey that may no longer be shown goes away', async () => {
    const { socket, surveys, chat } = setup();
    socket.answer('survey:shown', () => ({ ok: false, error: 'surveyId: this survey has expired', field: 'surveyId' }));
    chat.connected(true);
    await flush();
    surveys.markShown('sv_csat');
    await flush();
    expect(surveys.state.postChat[0]!.problem).toBe('closed');
    expect(isFinished(surveys.state.postChat[0]!)).toBe(true);
  });

  it('sends an answer once, however often the visitor submits, with the comment trimmed', async () => {
    const { socket, surveys, chat } = setup();
    let ack: ((res: unknown) => void) | undefined;
    const timeout = socket.timeout.bind(socket);
    socket.timeout = (ms: number) => ({
      emit: (event: string, payload: any, cb: any) => {
        if (event === 'survey:answer') ack = (res) => cb(null, res);
        return timeout(ms).emit(event, payload, cb);
      },
    });
    socket.answer('survey:answer', () => undefined);
    chat.connected(true);
    await flush();
    surveys.answer('sv_csat', 4, '  Quick and kind  ');
    surveys.answer('sv_csat', 1, '');
    expect(socket.sent('survey:answer')).toEqual([{ surveyId: 'sv_csat', kind: 'csat', score: 4, comment: 'Quick and kind' }]);
    expect(surveys.state.postChat[0]!.saving).toBe(true);
    ack!({ ok: true, duplicate: false, survey: answered(surveyView('csat'), 4, 'Quick and kind') });
    const [csat] = surveys.state.postChat;
    expect(csat).toMatchObject({ saving: false, alreadyRecorded: false, survey: { status: 'answered', score: 4 } });
    surveys.answer('sv_csat', 2, '');
    expect(socket.sent('survey:answer')).toHaveLength(1);
  });

  it('an answer recorded before (another tab, a replayed packet) shows as recorded', async () => {
    const { socket, surveys, chat } = setup();
    socket.answer('survey:answer', () => ({ ok: true, duplicate: true, survey: answered(surveyView('csat'), 2) }));
    chat.connected(true);
    await flush();
    surveys.answer('sv_csat', 5, '');
    expect(socket.sent('survey:answer')[0]).toEqual({ surveyId: 'sv_csat', kind: 'csat', score: 5 });
    await flush();
    expect(surveys.state.postChat[0]).toMatchObject({ alreadyRecorded: true, survey: { score: 2 } });
  });

  it('an answer without an ack may be given again; refusals say why', async () => {
    vi.useFakeTimers();
    const { socket, surveys, chat } = setup([surveyView('csat'), surveyView('ces'), surveyView('nps')]);
    socket.answer('survey:answer', () => undefined);
    chat.connected(true);
    await vi.advanceTimersByTimeAsync(0);
    surveys.answer('sv_csat', 5, '');
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(surveys.state.postChat[0]).toMatchObject({ saving: false, problem: 'not-saved' });
    expect(isFinished(surveys.state.postChat[0]!)).toBe(false);

    socket.answer('survey:answer', (a) =>
      a.kind === 'nps'
        ? { ok: false, error: 'surveyId: this survey was already answered by email: this one is void', field: 'surveyId' }
        : { ok: false, error: 'surveyId: this survey has expired', field: 'surveyId' },
    );
    surveys.answer('sv_csat', 5, '');
    surveys.answer('sv_nps', 9, '');
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.sent('survey:answer')).toHaveLength(3);
    expect(surveys.state.postChat[0]!.problem).toBe('closed');
    expect(surveys.state.nps!.problem).toBe('answered-elsewhere');
    expect(isFinished(surveys.state.nps!)).toBe(true);
  });

  it('nothing is sent while the socket is down: the visitor is told it was not saved', async () => {
    const { socket, surveys, chat } = setup();
    chat.connected(true);
    await flush();
    socket.fire('disconnect');
    surveys.answer('sv_csat', 3, '');
    expect(socket.sent('survey:answer')).toEqual([]);
    expect(surveys.state.postChat[0]!.problem).toBe('not-saved');
  });

  it('a skip takes the survey away at once and for good', async () => {
    const { socket, surveys, chat } = setup([surveyView('csat'), surveyView('nps')]);
    socket.answer('survey:skip', (q) => ({ ok: true, survey: { ...surveyView(q.surveyId.slice(3)), status: 'skipped' } }));
    chat.connected(true);
    await flush();
    surveys.skip('sv_nps');
    surveys.skip('sv_csat');
    expect(surveys.state.nps).toBeNull();
    expect(surveys.state.postChat[0]!.survey.status).toBe('skipped');
    expect(socket.sent('survey:skip')).toEqual([{ surveyId: 'sv_nps' }, { surveyId: 'sv_csat' }]);
    // A reconnect before the server heard of the skips doesn't bring them back.
    socket.answer('survey:pending', () => ({ ok: true, surveys: [surveyView('csat'), surveyView('nps')] }));
    chat.connected(false);
    chat.connected(true);
    await flush();
    expect(surveys.state.nps).toBeNull();
    expect(isFinished(surveys.state.postChat[0]!)).toBe(true);
  });

  it('hears of answers given elsewhere: the card goes, the chat window shows what was recorded', async () => {
    const { socket, surveys, chat } = setup([surveyView('csat'), surveyView('ces'), surveyView('nps')]);
    chat.connected(true);
    await flush();
    socket.fire('survey:update', answered(surveyView('nps'), 10));
    socket.fire('survey:update', answered(surveyView('csat'), 5));
    socket.fire('survey:update', { ...surveyView('ces'), status: 'skipped' });
    socket.fire('survey:update', answered(surveyView('csat', { id: 'sv_other' }), 1));
    expect(surveys.state.nps).toBeNull();
    expect(surveys.state.postChat.map((e) => [e.survey.status, e.alreadyRecorded])).toEqual([
      ['answered', true],
      ['skipped', false],
    ]);
  });

  it('its own answer, echoed before the ack, is not taken for one from elsewhere', async () => {
    const { socket, surveys, chat } = setup([surveyView('nps')]);
    socket.answer('survey:answer', () => {
      socket.fire('survey:update', answered(surveyView('nps'), 8));
      return { ok: true, duplicate: false, survey: answered(surveyView('nps'), 8) };
    });
    chat.connected(true);
    await flush();
    surveys.answer('sv_nps', 8, 'Great');
    await flush();
    expect(surveys.state.nps).toMatchObject({ alreadyRecorded: false, survey: { status: 'answered', score: 8 } });
    surveys.dismissNps();
    expect(surveys.state.nps).toBeNull();
  });

  it('a page-load list drops post-chat surveys done with elsewhere, and keeps those answered here', async () => {
    const { socket, surveys, chat } = setup();
    socket.answer('survey:answer', () => ({ ok: true, duplicate: false, survey: answered(surveyView('csat'), 5) }));
    chat.connected(true);
    await flush();
    surveys.answer('sv_csat', 5, '');
    await flush();
    socket.answer('survey:pending', () => ({ ok: true, surveys: [] }));
    chat.connected(false);
    chat.connected(true);
    await flush();
    expect(surveys.state.postChat.map((e) => e.survey.id)).toEqual(['sv_csat']);
  });
});

describe('postChatOnScreen', () => {
  const entries = [surveyView('csat'), surveyView('ces')].map((survey) => ({ survey, saving: false, problem: null, alreadyRecorded: false }));

  it('shows the surveys of the closed chat, or of a chat the hello no longer carries', () => {
    expect(postChatOnScreen(entries, chatView({ status: 'closed' }))).toBe(entries);
    expect(postChatOnScreen(entries, null)).toBe(entries);
  });

  it('hides them while the chat is still open and once another chat has begun', () => {
    expect(postChatOnScreen(entries, chatView({ status: 'active' }))).toEqual([]);
    expect(postChatOnScreen(entries, chatView({ id: 'chat_2', status: 'closed' }))).toEqual([]);
    expect(postChatOnScreen([], null)).toEqual([]);
  });
});
