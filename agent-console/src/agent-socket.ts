import { io, type Socket } from 'socket.io-client';
import type { AgentClientToServer, AgentServerToClient } from '../../shared/protocol.ts';

export type AgentSocket = Socket<AgentServerToClient, AgentClientToServer>;

export type AgentEvent = keyof AgentClientToServer;
type AckedEvent = Exclude<AgentEvent, 'typing:set'>;
export type PayloadOf<E extends AgentEvent> = Parameters<AgentClientToServer[E]>[0];
export type AnswerOf<E extends AckedEvent> = Parameters<Parameters<AgentClientToServer[E]>[1]>[0];

/** The session cookie set by /api/auth/login authenticates the handshake. */
export function connectAgentSocket(): AgentSocket {
  return io('/agent', { withCredentials: true, autoConnect: false });
}

export class RequestTimeout extends Error {
  constructor(event: string) {
    super(`no answer to ${event} in time`);
  }
}

/** Emits an event and resolves with the server's ack; rejects with RequestTimeout. */
export function request<E extends AckedEvent>(
  socket: AgentSocket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs: number,
): Promise<AnswerOf<E>> {
  return new Promise((resolve, reject) => {
    // socket.io's typed emit cannot follow a generic event name; the types above keep callers exact.
    (socket.timeout(timeoutMs) as any).emit(event, payload, (err: Error | null, answer: AnswerOf<E>) => {
      if (err) reject(new RequestTimeout(event));
      else resolve(answer);
    });
  });
}
