import type { Namespace } from 'socket.io';
import type {
  AgentClientToServer,
  AgentServerToClient,
  VisitorClientToServer,
  VisitorServerToClient,
} from '../../shared/protocol.ts';

export type VisitorNamespace = Namespace<VisitorClientToServer, VisitorServerToClient>;
export type AgentNamespace = Namespace<AgentClientToServer, AgentServerToClient>;

/**
 * The rooms a socket joins: a visitor's tabs, an agent's consoles, the consoles of one sign-in
 * session, a chat, every agent. Acting on a room (emit, disconnectSockets) reaches the sockets
 * on every node; iterating `nsp.sockets` sees only this node's.
 */
export const rooms = {
  visitor: (visitorId: string) => `v:${visitorId}`,
  agent: (agentId: string) => `a:${agentId}`,
  session: (tokenHash: string) => `s:${tokenHash}`,
  chat: (chatId: string) => `chat:${chatId}`,
  allAgents: 'agents',
};
