import type { SurveyView, VisitorChatView } from '../../../shared/protocol.ts';
import { ACK_TIMEOUT_MS, type ChatState, type VisitorSocket } from '../chat-session.ts';

/**
 * Why a survey could not be answered here: `not-saved` may be tried again; `closed` (expired,
 * void, unknown) and `answered-elsewhere` (by email) end it.
 */
export type SurveyProblem = 'not-saved' | 'closed' | 'answered-elsewhere';

/** A survey on this page and what the visitor has done with it here. */
export interface SurveyEntry {
  survey: SurveyView;
  /** An answer is on its way to the server. */
  saving: boolean;
  problem: SurveyProblem | null;
  /** The answer on screen was recorded before (another tab, a repeated submit): ours changed nothing. */
  alreadyRecorded: boolean;
}

export interface SurveyState {
  /** CSAT then CES of the chat that closed last. */
  postChat: SurveyEntry[];
  /** A due NPS for the card near the launcher; null once it is done with. */
  nps: SurveyEntry | null;
  /** The server has said what is due on this page (or failed to): until then an NPS may come. */
  listed: boolean;
}

const FINAL = new Set(['answered', 'skipped', 'expired']);

export const isFinished = (entry: SurveyEntry): boolean =>
  FINAL.has(entry.survey.status) || entry.problem === 'closed' || entry.problem === 'answered-elsewhere';

/**
 * The post-chat surveys the chat window shows: those of the visitor's chat once it is closed.
 * A chat started since hides them (the server no longer offers them either). The hello may
 * carry no chat at all when the closed one is old, so the survey's own chatId is what counts.
 */
export function postChatOnScreen(entries: SurveyEntry[], chat: VisitorChatView | null): SurveyEntry[] {
  const chatId = entries[0]?.survey.chatId;
  if (!chatId || (chat && (chat.id !== chatId || chat.status !== 'closed'))) return [];
  return entries;
}

const entryOf = (survey: SurveyView): SurveyEntry => ({ survey, saving: false, problem: null, alreadyRecorded: false });
const kindOrder = (entry: SurveyEntry) => (entry.survey.kind === 'csat' ? 0 : 1);

/**
 * The visitor's side of the surveys: what the server offers (on each page load, and when a
 * chat closes), reports of what is on screen, answers and skips. Answers go at once and only
 * once from here; the server keeps one answer per survey whatever arrives.
 */
export class SurveySession {
  private listeners = new Set<(state: SurveyState) => void>();
  private socket: VisitorSocket | null = null;
  /** Surveys reported on screen from this page (the server counts the first report). */
  private reported = new Set<string>();
  /** Surveys the visitor is done with on this page: a later offer doesn't bring them back. */
  private done = new Set<string>();
  state: SurveyState = { postChat: [], nps: null, listed: false };

  subscribe(listener: (state: SurveyState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens on the chat's socket; returns it, for the chat session's `connect`. */
  attach(socket: VisitorSocket): VisitorSocket {
    this.socket = socket;
    socket.on('survey:offer', ({ surveys }) => this.receive(surveys, false));
    socket.on('survey:update', (survey) => this.updated(survey));
    return socket;
  }

  /** Asks for what is due each time the chat session has said hello (page load, reconnect). */
  follow(chat: { subscribe(listener: (state: ChatState) => void): () => void }): () => void {
    let connected = false;
    return chat.subscribe((state) => {
      if (state.connected && !connected) this.loadPending();
      connected = state.connected;
    });
  }

  loadPending(): void {
    this.socket?.timeout(ACK_TIMEOUT_MS).emit('survey:pending', {}, (err, res) => {
      if (!err && res.ok) this.receive(res.surveys, true);
      else this.set({ listed: true });
    });
  }

  /** The survey is on the visitor's screen: from now it counts as sent. */
  markShown(surveyId: string): void {
    const socket = this.socket;
    if (!socket?.connected || this.reported.has(surveyId)) return;
    this.reported.add(surveyId);
    socket.timeout(ACK_TIMEOUT_MS).emit('survey:shown', { surveyId }, (err, res) => {
      // No answer: report it again when the screen next changes.
      if (err) return void this.reported.delete(surveyId);
      // An answer acked meanwhile is newer than this report.
      if (res.ok) this.patch(surveyId, (e) => (FINAL.has(e.survey.status) ? e : { ...e, survey: res.survey }));
      else if (res.field === 'surveyId') this.patch(surveyId, (e) => ({ ...e, problem: 'closed' }));
    });
  }

  answer(surveyId: string, score: number, comment: string): void {
    const entry = this.find(surveyId);
    const socket = this.socket;
    // A second click while the first is on its way, or after it was recorded, changes nothing.
    if (!entry || entry.saving || isFinished(entry)) return;
    if (!socket?.connected) return this.patch(surveyId, (e) => ({ ...e, problem: 'not-saved' }));
    this.patch(surveyId, (e) => ({ ...e, saving: true, problem: null }));
    const text = comment.trim();
    const payload = { surveyId, kind: entry.survey.kind, score, ...(text ? { comment: text } : {}) };
    socket.timeout(ACK_TIMEOUT_MS).emit('survey:answer', payload, (err, res) => {
      if (err) return this.patch(surveyId, (e) => ({ ...e, saving: false, problem: 'not-saved' }));
      if (res.ok) {
        this.done.add(surveyId);
        return this.patch(surveyId, (e) => ({ ...e, saving: false, survey: res.survey, alreadyRecorded: res.duplicate }));
      }
      const problem: SurveyProblem =
        res.field !== 'surveyId' ? 'not-saved' : /already answered/.test(res.error) ? 'answered-elsewhere' : 'closed';
      this.patch(surveyId, (e) => ({ ...e, saving: false, problem }));
    });
  }

  /** The visitor declined: it goes away at once, whatever the server says. */
  skip(surveyId: string): void {
    const entry = this.find(surveyId);
    if (!entry || entry.saving || isFinished(entry)) return;
    this.done.add(surveyId);
    if (entry.survey.kind === 'nps') this.set({ nps: null });
    else this.patch(surveyId, (e) => ({ ...e, survey: { ...e.survey, status: 'skipped' } }));
    this.socket?.timeout(ACK_TIMEOUT_MS).emit('survey:skip', { surveyId }, () => {});
  }

  /** The NPS card has said thank you (or why it can't be answered): it goes. */
  dismissNps(): void {
    if (this.state.nps) this.done.add(this.state.nps.survey.id);
    this.set({ nps: null });
  }

  /**
   * Offers and page-load lists. A page-load list (`complete`) is the whole truth about what is
   * open: post-chat surveys it leaves out were done with elsewhere or are no longer offered.
   * What the visitor answered here stays, for the thank-you.
   */
  private receive(surveys: SurveyView[], complete: boolean): void {
    const fresh = surveys.filter((s) => !this.done.has(s.id) || this.find(s.id));
    const incoming = fresh.filter((s) => s.kind !== 'nps');
    let postChat = this.state.postChat;
    if (incoming.length) {
      const chatId = incoming[0]!.chatId;
      const kept = postChat.filter((e) => e.survey.chatId === chatId && !incoming.some((s) => s.id === e.survey.id));
      const merged = incoming.map((s) => {
        const known = this.find(s.id);
        if (!known) return entryOf(s);
        // A skip the server has not heard of yet still counts here.
        return isFinished(known) && !FINAL.has(s.status) ? known : { ...known, survey: s };
      });
      postChat = [...kept, ...merged].sort((a, b) => kindOrder(a) - kindOrder(b));
    }
    if (complete) postChat = postChat.filter((e) => incoming.some((s) => s.id === e.survey.id) || this.done.has(e.survey.id));
    const dueNps = fresh.find((s) => s.kind === 'nps' && !this.done.has(s.id));
    this.set({ postChat, nps: this.state.nps ?? (dueNps ? entryOf(dueNps) : null), listed: this.state.listed || complete });
  }

  /** Answered or skipped, maybe in another tab or by email. */
  private updated(survey: SurveyView): void {
    const entry = this.find(survey.id);
    if (!entry) return;
    const elsewhere = !entry.saving && !this.done.has(survey.id) && FINAL.has(survey.status);
    if (elsewhere) this.done.add(survey.id);
    // Another tab's answer takes the card away here; in the chat window it shows as recorded.
    if (elsewhere && survey.kind === 'nps') return this.set({ nps: null });
    this.patch(survey.id, (e) => ({ ...e, survey, alreadyRecorded: e.alreadyRecorded || (elsewhere && survey.status === 'answered') }));
  }

  private find(surveyId: string): SurveyEntry | undefined {
    const { postChat, nps } = this.state;
    return nps?.survey.id === surveyId ? nps : postChat.find((e) => e.survey.id === surveyId);
  }

  private patch(surveyId: string, change: (entry: SurveyEntry) => SurveyEntry): void {
    const { postChat, nps } = this.state;
    if (nps?.survey.id === surveyId) return this.set({ nps: change(nps) });
    if (postChat.some((e) => e.survey.id === surveyId)) {
      this.set({ postChat: postChat.map((e) => (e.survey.id === surveyId ? change(e) : e)) });
    }
  }

  private set(patch: Partial<SurveyState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}
