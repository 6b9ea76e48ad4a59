import type { Ack, VisitorClientToServer, VisitorServerToClient } from '../../../shared/protocol.ts';
import type { VisitorSocket } from '../chat-session.ts';

type Answer = (payload: any) => Ack<any> | undefined;

/**
 * Stands in for the socket.io client at the boundary: records what the widget emits, answers
 * acks with the test's responders (undefined = the ack never comes), and delivers server events.
 */
export class FakeVisitorSocket {
  connected = false;
  active = true;
  auth: unknown;
  emitted: { event: string; payload: any }[] = [];
  private handlers = new Map<string, ((...args: any[]) => void)[]>();
  private answers = new Map<string, Answer>();
  private timeouts: { timer: ReturnType<typeof setTimeout> }[] = [];

  constructor(token: string) {
    this.auth = { token };
  }

  asSocket(): VisitorSocket {
    return this as unknown as VisitorSocket;
  }

  answer<E extends keyof VisitorClientToServer>(event: E, answer: Answer): this {
    this.answers.set(event, answer);
    return this;
  }

  on(event: string, handler: (...args: any[]) => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  /** The server sends an event to this socket. */
  fire<E extends keyof VisitorServerToClient>(event: E, ...args: Parameters<VisitorServerToClient[E]>): void;
  fire(event: 'connect' | 'disconnect' | 'connect_error', ...args: unknown[]): void;
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }

  emit(event: string, payload: any, ack?: (res: any) => void): this {
    this.record(event, payload, ack ? (_err: unknown, res: unknown) => ack(res) : undefined);
    return this;
  }

  timeout(ms: number) {
    return {
      emit: (event: string, payload: any, ack: (err: Error | null, res?: any) => void) => {
        let done = false;
        const timer = setTimeout(() => {
          if (!done) ack(new Error('operation has timed out'));
          done = true;
        }, ms);
        this.timeouts.push({ timer });
        this.record(event, payload, (err, res) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          ack(err as Error | null, res);
        });
        return this;
      },
    };
  }

  connect(): this {
    this.fire('connect');
    return this;
  }

  disconnect(): this {
    if (this.connected) this.fire('disconnect', 'io client disconnect');
    return this;
  }

  sent(event: string): any[] {
    return this.emitted.filter((e) => e.event === event).map((e) => e.payload);
  }

  private record(event: string, payload: any, ack?: (err: unknown, res: unknown) => void): void {
    this.emitted.push({ event, payload });
    const answer = this.answers.get(event);
    const res = answer?.(payload);
    // Acks arrive asynchronously, as over a real connection.
    if (res !== undefined && ack) queueMicrotask(() => ack(null, res));
  }
}
