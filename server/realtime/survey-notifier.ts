import type { Server } from 'socket.io';
import { rooms, type AgentNamespace, type VisitorNamespace } from './rooms.ts';
import type { SurveyNotifier } from '../surveys/survey-service.ts';

/** Survey changes to sockets: the visitor's tabs, the chat's room and its agent at close. */
export function surveyNotifier(io: Server): SurveyNotifier {
  const visitors: VisitorNamespace = io.of('/visitor');
  const agents: AgentNamespace = io.of('/agent');
  return {
    offer(visitorId, surveys) {
      visitors.to(rooms.visitor(visitorId)).emit('survey:offer', { surveys });
    },
    update(visitorId, survey) {
      visitors.to(rooms.visitor(visitorId)).emit('survey:update', survey);
    },
    answered(survey) {
      const targets = [rooms.chat(survey.chatId)];
      if (survey.agent) targets.push(rooms.agent(survey.agent.id));
      agents.to(targets).emit('survey:answered', { chatId: survey.chatId, survey });
    },
  };
}
