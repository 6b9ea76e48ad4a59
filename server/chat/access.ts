import type { Sql } from '../store/sql.ts';
import type { AgentRow } from '../store/agents.ts';
import { wasAssigned, type ChatRow } from '../store/chats.ts';
import type { MessageView } from '../../shared/protocol.ts';

/**
 * Who sees a chat (README, "Who sees what"): admins and owners see every chat, and so does an
 * agent in no department; an agent in departments sees the chats of those departments, the
 * chats without a department, and every chat they were ever assigned. Seeing a chat is seeing
 * everything of it: messages, notes, tags, ratings and survey answers, the visitor's details.
 * The store's `visibleToViewer` is the SQL form of this rule, for lists; the realtime rooms
 * (`audienceOf`) are its broadcast form.
 */
export function seesEveryChat(agent: AgentRow): boolean {
  return agent.role !== 'agent' || agent.departments.length === 0;
}

/** The viewer as the store's lists take it: null sees every chat. */
export function chatViewer(agent: AgentRow): string | null {
  return seesEveryChat(agent) ? null : agent.id;
}

export async function maySee(db: Sql, agent: AgentRow, chat: ChatRow): Promise<boolean> {
  return (
    seesEveryChat(agent) ||
    chat.department_id === null ||
    agent.departments.includes(chat.department_id) ||
    (await wasAssigned(db, chat.id, agent.id))
  );
}

/**
 * Who may delete a message of a chat they see: an agent their own messages; admins and owners
 * anyone's, the visitor's too (a card number pasted into the chat). System messages stay.
 */
export function mayDeleteMessage(agent: AgentRow, message: Pick<MessageView, 'author' | 'agentId'>): boolean {
  if (message.author === 'system') return false;
  if (agent.role !== 'agent') return true;
  return message.author === 'agent' && message.agentId === agent.id;
}

/**
 * Who may make another agent speak (a REST call naming `agentId`, an integration's key): admins
 * and owners, and the keys they made, may name any active agent; an agent only themselves.
 */
export function mayActAs(caller: AgentRow, agent: AgentRow): boolean {
  return !agent.disabled && (caller.id === agent.id || caller.role !== 'agent');
}
