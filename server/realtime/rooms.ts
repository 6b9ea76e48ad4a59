import type { Namespace } from 'socket.io';
import type {
  AgentClientToServer,
  AgentServerToClient,
  VisitorClientToServer,
  VisitorServerToClient,
} from '../../shared/protocol.ts';

export type VisitorNamespace = Namespace<VisitorClientToServer, VisitorServerToClient>;
export type AgentNamespace = Namespace<AgentClientToServer, AgentServerToClient>;

/** The rooms a socket joins: a visitor's tabs, an agent's consoles, a chat, every agent. */
export const rooms = {
  visitor: (visitorId: string) => `v:${visitorId}`,
  agent: (agentId: string) => `a:${agentId}`,
  chat: (chatId: string) => `chat:${chatId}`,
  allAgents: 'agents',
};
