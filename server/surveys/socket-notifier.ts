import type { Server } from 'socket.io';
import type { AgentNamespace, VisitorNamespace } from '../realtime/index.ts';
import { rooms } from '../realtime/index.ts';
import type { SurveyNotifier } from './survey-service.ts';

/** Survey changes to sockets: the visitor's tabs, the chat's room and its agent at close. */
export function socketNotifier(io: Server): SurveyNotifier {
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
