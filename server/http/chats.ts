import { Router, type Response } from 'express';
import type { Deps } from '../deps.ts';
import type { Sql } from '../store/sql.ts';
import { ChatError, type ChatLifecycle } from '../chat/lifecycle.ts';
import { chatViewer, mayActAs } from '../chat/access.ts';
import { getAgent, type AgentRow } from '../store/agents.ts';
import { chatSummary, messagesOfChat, tagsOfChat } from '../store/chats.ts';
import { chatsPage } from '../store/chat-listing.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';
import { badRequest } from './errors.ts';

/**
 * Chats for integrations (README, "API keys"): list and read them (`chats:read`); send a message
 * as a named agent, close, tag (`chats:write`). Every change goes through ChatLifecycle, as the
 * console's socket events do, so its rules and its broadcasts to the chat's sockets are the same.
 */
export function chatsRouter(deps: Deps, lifecycle: ChatLifecycle): Router {
  const { db } = deps;
  const router = Router();

  serve(router, deps, routes.listChats, async ({ query: q, agent }) => {
    const page = await chatsPage(db, {
      status: q.status ?? null,
      agent: q.agent ?? null,
      department: q.department ?? null,
      channel: q.channel ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      viewerId: chatViewer(agent),
      limit: q.limit,
      offset: q.offset,
    });
    return { total: page.total, chats: await Promise.all(page.chats.map((c) => chatSummary(db, c))) };
  });

  serve(router, deps, routes.chatTranscript, async ({ params, agent, res }) =>
    refusingChatErrors(res, async () => {
      const chat = await lifecycle.chatFor(agent, params.chatId);
      return { chat: await chatSummary(db, chat), messages: await messagesOfChat(db, chat.id) };
    }),
  );

  serve(router, deps, routes.sendMessage, async ({ params, body, agent, res }) => {
    const writer = await agentNamed(db, agent, body.agentId, res);
    if (!writer) return;
    return refusingChatErrors(res, async () => {
      // The caller must see the chat as well as the agent who writes in it.
      await lifecycle.chatFor(agent, params.chatId);
      await lifecycle.chatFor(writer, params.chatId);
      return { message: await lifecycle.agentMessage(writer, { chatId: params.chatId, id: body.id, text: body.text }) };
    });
  });

  serve(router, deps, routes.closeChat, async ({ params, body, agent, req, res }) =>
    refusingChatErrors(res, async () => ({
      chat: await chatSummary(db, await lifecycle.closeByAgent(agent, params.chatId, body.withoutSurvey ?? false, req.ip ?? null)),
    })),
  );

  serve(router, deps, routes.setChatTags, async ({ params, body, agent, res }) =>
    refusingChatErrors(res, async () => {
      const chat = await lifecycle.chatFor(agent, params.chatId);
      const wanted = new Set(body.tags);
      const present = new Set(await tagsOfChat(db, chat.id));
      for (const tag of present) if (!wanted.has(tag)) await lifecycle.setTag(agent, chat.id, tag, false);
      for (const tag of wanted) if (!present.has(tag)) await lifecycle.setTag(agent, chat.id, tag, true);
      return { tags: await tagsOfChat(db, chat.id) };
    }),
  );
  return router;
}

/**
 * The agent a call names to write as (`agentId`; the caller when none), when the caller may make
 * them write (server/chat/access.ts `mayActAs`); else undefined with the refusal sent.
 */
export async function agentNamed(db: Sql, caller: AgentRow, agentId: string | undefined, res: Response): Promise<AgentRow | undefined> {
  if (agentId === undefined || agentId === caller.id) return caller;
  const agent = await getAgent(db, agentId);
  if (!agent || agent.disabled) {
    badRequest(res, 'agentId', 'no such active agent');
    return undefined;
  }
  if (!mayActAs(caller, agent)) {
    res.status(403).json({ error: 'agentId: an agent may write only as themselves', field: 'agentId' });
    return undefined;
  }
  return agent;
}

/** Runs `work`, answering the lifecycle's refusals: 404 no such chat, 403 not theirs to see, 409 its state. */
async function refusingChatErrors<T>(res: Response, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ChatError)) throw err;
    const field = err.field ?? 'chatId';
    if (/no such chat/.test(err.message)) res.status(404).json({ error: err.message, field });
    else if (/department you are not in/.test(err.message)) res.status(403).json({ error: err.message, field });
    else if (field === 'chatId' || field === 'id') res.status(409).json({ error: err.message, field });
    else badRequest(res, field, err.message.replace(/^\w+: /, ''));
    return undefined;
  }
}
