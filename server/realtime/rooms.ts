import type { Namespace } from 'socket.io';
import type { Sql } from '../store/sql.ts';
import type { AgentRow } from '../store/agents.ts';
import { assignedAgentIds, type ChatRow } from '../store/chats.ts';
import { seesEveryChat } from '../chat/access.ts';
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
 * session, a chat, every agent, the agents of a department, those who see every chat. Acting on a room (emit, disconnectSockets) reaches the sockets
 * on every node; iterating `nsp.sockets` sees only this node's.
 */
export const rooms = {
  visitor: (visitorId: string) => `v:${visitorId}`,
  agent: (agentId: string) => `a:${agentId}`,
  session: (tokenHash: string) => `s:${tokenHash}`,
  chat: (chatId: string) => `chat:${chatId}`,
  /** The chat a room is the room of, or null for another room. */
  chatIdOf: (room: string) => (room.startsWith('chat:') ? room.slice('chat:'.length) : null),
  allAgents: 'agents',
  department: (departmentId: string) => `dept:${departmentId}`,
  everyChat: 'dept:*',
};

/** The rooms that bring an agent's consoles the chats they may see (server/chat/access.ts). */
export function accessRooms(agent: AgentRow): string[] {
  return seesEveryChat(agent) ? [rooms.everyChat] : agent.departments.map(rooms.department);
}

/**
 * The consoles that may see the chat: the broadcast form of `maySee`. Agents in no department
 * and admins are in `everyChat`; the agents it was ever assigned to, in their own rooms.
 */
export async function audienceOf(db: Sql, chat: ChatRow): Promise<string[]> {
  if (chat.department_id === null) return [rooms.allAgents];
  return [rooms.department(chat.department_id), rooms.everyChat, ...(await assignedAgentIds(db, chat.id)).map(rooms.agent)];
}
