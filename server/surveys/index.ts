import type { Socket } from 'socket.io';
import type { AppDeps } from '../app.ts';
import type { ChatRow } from '../store/chats.ts';
import type { VisitorNamespace } from '../realtime/index.ts';

/** Post-chat CSAT/CES and delayed NPS (issue 3). */
export interface Surveys {
  /** A chat has closed: schedule what its visitor should be asked. */
  chatClosed(chat: ChatRow): void;
  /** A visitor socket connected: register survey events, show what is due. */
  attachVisitor(socket: Socket, visitorId: string): void;
  stop(): void;
}

export function createSurveys(_deps: AppDeps & { visitors: VisitorNamespace }): Surveys {
  return { chatClosed() {}, attachVisitor() {}, stop() {} };
}
