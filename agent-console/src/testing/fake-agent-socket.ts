import type { AgentClientToServer, AgentServerToClient } from '../../../shared/protocol.ts';
import type { AgentSocket } from '../agent-socket.ts';

/** Returned by an answer function to leave a request unanswered (a lost ack). */
export const NO_ANSWER = Symbol('no answer');

type ClientEvent = Exclude<keyof AgentClientToServer, 'typing:set'>;
type Answer<E extends ClientEvent> = (
  payload: Parameters<AgentClientToServer[E]>[0],
) => Parameters<Parameters<AgentClientToServer[E]>[1]>[0] | typeof NO_ANSWER;

/**
 * Stands in for the /agent socket.io client in unit tests: records what the console emits,
 * answers requests with the functions in `answers`, and fires server events on demand.
 */
export class FakeAgentSocket {
  connected = false;
  active = false;
  readonly sent: { event: string; payload: any }[] = [];
  answers: { [E in ClientEvent]?: Answer<E> } = {};
  private readonly handlers = new Map<string, Set<(...args: any[]) => void>>();

  readonly volatile = {
    emit: (event: string, payload: unknown) => {
      this.sent.push({ event, payload });
    },
  };

  asSocket(): AgentSocket {
    return this as unknown as AgentSocket;
  }

  on(event: string, fn: (...args: any[]) => void): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(fn);
    return this;
  }

  off(event: string, fn: (...args: any[]) => void): this {
    this.handlers.get(event)?.delete(fn);
    return this;
  }

  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const fn of [...(this.handlers.get(event) ?? [])]) fn(...args);
  }

  connect(): this {
    this.active = true;
    this.connected = true;
    this.fire('connect');
    return this;
  }

  disconnect(): this {
    this.active = false;
    this.connected = false;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }

  /** The network went away; socket.io keeps trying to reconnect. */
  drop(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }

  /** socket.io reconnected after a drop. */
  reconnect(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** The namespace refused the handshake (e.g. no valid session). */
  refuse(): void {
    this.active = false;
    this.connected = false;
    this.fire('connect_error', new Error('unauthorized'));
  }

  serverEmit<E extends keyof AgentServerToClient>(event: E, ...args: Parameters<AgentServerToClient[E]>): void {
    this.fire(event, ...args);
  }

  timeout(ms: number) {
    return {
      emit: (event: ClientEvent, payload: any, ack: (err: Error | null, answer?: unknown) => void) => {
        this.sent.push({ event, payload });
        const answer = this.answers[event] as ((p: unknown) => unknown) | undefined;
        queueMicrotask(() => {
          const result = answer ? answer(payload) : NO_ANSWER;
          if (result === NO_ANSWER) setTimeout(() => ack(new Error('operation has timed out')), ms);
          else ack(null, result);
        });
      },
    };
  }

  emitted(event: keyof AgentClientToServer): any[] {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload);
  }
}
