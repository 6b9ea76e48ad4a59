import type { ChatState } from './chat-session.ts';

/** What `Parley('on', 'message', callback)` gets. */
export interface SiteMessageEvent {
  id: string;
  chatId: string;
  author: 'visitor' | 'agent';
  authorName: string | null;
  text: string;
  at: number;
}

/**
 * Turns the chat session's states into the site's `Parley('on', …)` events: `ready` once the
 * chat is live, then `chat:started`, `chat:ended` and `message` for what happens from then on
 * (what the first state already held, a reload's history, is not news).
 */
export function followChatEvents(
  session: { subscribe(listener: (state: ChatState) => void): () => void },
  emit: (name: string, detail?: unknown) => void,
): () => void {
  let live = false;
  let chatId: string | null = null;
  const endedChats = new Set<string>();
  const seenMessages = new Set<string>();

  return session.subscribe((state) => {
    if (state.phase !== 'live') return;
    const chat = state.chat;
    if (!live) {
      live = true;
      chatId = chat?.id ?? null;
      if (chat?.status === 'closed') endedChats.add(chat.id);
      for (const m of state.messages) seenMessages.add(m.id);
      emit('ready');
      return;
    }
    if (chat && chat.id !== chatId) {
      chatId = chat.id;
      if (chat.status !== 'closed') emit('chat:started', { chatId: chat.id });
    }
    for (const m of state.messages) {
      if (seenMessages.has(m.id)) continue;
      seenMessages.add(m.id);
      if (m.author === 'system') continue;
      const message: SiteMessageEvent = { id: m.id, chatId: m.chatId, author: m.author, authorName: m.authorName, text: m.text, at: m.at };
      emit('message', message);
    }
    if (chat?.status === 'closed' && !endedChats.has(chat.id)) {
      endedChats.add(chat.id);
      emit('chat:ended', { chatId: chat.id });
    }
  });
}

interface AnsweredSurvey {
  survey: { id: string; kind: string; chatId: string; status: string; score: number | null };
  alreadyRecorded: boolean;
}

/** `survey:answered` for each survey the visitor answers on this page (not ones answered before). */
export function followSurveyAnswers(
  surveys: { subscribe(listener: (state: { postChat: AnsweredSurvey[]; nps: AnsweredSurvey | null }) => void): () => void },
  emit: (name: string, detail?: unknown) => void,
): () => void {
  const told = new Set<string>();
  return surveys.subscribe((state) => {
    for (const entry of [...state.postChat, ...(state.nps ? [state.nps] : [])]) {
      const { survey } = entry;
      if (survey.status !== 'answered' || entry.alreadyRecorded || told.has(survey.id)) continue;
      told.add(survey.id);
      emit('survey:answered', { surveyId: survey.id, kind: survey.kind, chatId: survey.chatId, score: survey.score });
    }
  });
}
