import type { Socket } from 'socket.io';
import type { AppDeps } from '../app.ts';
import type { ChatRow } from '../store/chats.ts';
import type { VisitorNamespace } from '../realtime/index.ts';
import { handlerFor } from '../realtime/handler.ts';
import { surveyAnswerSchema, surveyPendingSchema, surveyRefSchema } from '../../shared/survey-schemas.ts';
import { SurveyService } from './survey-service.ts';
import { NpsMailer } from './nps-mailer.ts';
import { socketNotifier } from './socket-notifier.ts';

/** Post-chat CSAT/CES and delayed NPS (issue 3). */
export interface Surveys {
  /** A chat has closed: schedule what its visitor should be asked. */
  chatClosed(chat: ChatRow): void;
  /** A visitor socket connected: register survey events, show what is due. */
  attachVisitor(socket: Socket, visitorId: string): void;
  stop(): void;
}

/** Due NPS emails are looked for this often (and at start, and when a chat closes). */
const EMAIL_SWEEP_MS = 60 * 1000;

export function createSurveys(deps: AppDeps & { visitors: VisitorNamespace }): Surveys {
  const service = new SurveyService({ ...deps, notifier: socketNotifier(deps.visitors.server) });
  const mailer = NpsMailer.fromConfig(service, deps.config, deps.log);
  mailer?.start(EMAIL_SWEEP_MS);

  return {
    chatClosed(chat) {
      service.chatClosed(chat);
      // With npsDelayHours 0 the NPS is due at once: email it now rather than at the next sweep.
      void mailer?.kick();
    },
    attachVisitor(socket, visitorId) {
      const handler = handlerFor(deps.log.child({ visitorId }));
      socket.on('survey:pending', handler(surveyPendingSchema, () => ({ surveys: service.pendingFor(visitorId) })));
      socket.on('survey:shown', handler(surveyRefSchema, (q) => ({ survey: service.shown(visitorId, q.surveyId) })));
      socket.on('survey:answer', handler(surveyAnswerSchema, (a) => service.answer(visitorId, a)));
      socket.on('survey:skip', handler(surveyRefSchema, (q) => ({ survey: service.skip(visitorId, q.surveyId) })));
    },
    stop() {
      mailer?.stop();
    },
  };
}
