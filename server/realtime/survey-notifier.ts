import type { Server } from 'socket.io';
import { audienceOf, rooms, type AgentNamespace, type VisitorNamespace } from './rooms.ts';
import type { SurveyNotifier } from '../surveys/survey-service.ts';
import type { Sql } from '../store/sql.ts';
import { getChat } from '../store/chats.ts';

/**
 * Survey changes to sockets: the visitor's tabs, the chat's room and its agent at close; a new
 * follow-up also to `onFollowUpMade` (push to an agent whose console is closed).
 */
export function surveyNotifier(io: Server, db: Sql, onFollowUpMade: (chatId: string, agentId: string | null) => void): SurveyNotifier {
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
    followUpMade(chatId, agentId) {
      this.followUpsChanged(chatId, agentId);
      onFollowUpMade(chatId, agentId);
    },
    followUpsChanged(chatId, agentId) {
      void (async () => {
        const chat = await getChat(db, chatId);
        if (!chat) return;
        const targets = await audienceOf(db, chat);
        if (agentId) targets.push(rooms.agent(agentId));
        agents.to(targets).emit('followUps:changed', { chatId });
        // A lost notice only delays the count: consoles ask again on every reconnect.
      })().catch(() => {});
    },
  };
}
