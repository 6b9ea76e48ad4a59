import type { Socket } from 'socket.io';
import type { SurveyService } from '../surveys/survey-service.ts';
import type { Logger } from '../logger.ts';
import { handlerFor } from './handler.ts';
import { surveyAnswerSchema, surveyPendingSchema, surveyRefSchema } from '../../shared/survey-schemas.ts';

/** A visitor socket's survey events: what is due, shown, answered, skipped. */
export function attachSurveyEvents(socket: Socket, visitorId: string, service: SurveyService, log: Logger): void {
  const handler = handlerFor(log.child({ visitorId }));
  socket.on('survey:pending', handler(surveyPendingSchema, async () => ({ surveys: await service.pendingFor(visitorId) })));
  socket.on('survey:shown', handler(surveyRefSchema, async (q) => ({ survey: await service.shown(visitorId, q.surveyId) })));
  socket.on('survey:answer', handler(surveyAnswerSchema, (a) => service.answer(visitorId, a)));
  socket.on('survey:skip', handler(surveyRefSchema, async (q) => ({ survey: await service.skip(visitorId, q.surveyId) })));
}
