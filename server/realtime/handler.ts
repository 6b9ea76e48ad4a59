import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import { firstIssue } from '../../shared/schemas.ts';
import { ChatError } from '../chat/lifecycle.ts';

type AckFn = (res: unknown) => void;

/** `handler` for the events of sockets whose failures are logged to `log`. */
export function handlerFor(log: Logger) {
  return <S extends z.ZodType, R extends object>(schema: S, run: (payload: z.infer<S>) => R | void | Promise<R>) =>
    handler(log, schema, run);
}

/**
 * Wraps a socket event handler: validates the payload with `schema` (a bad one gets an error
 * ack naming the field and runs nothing), turns ChatError into an error ack, logs any other
 * error, and never lets a throw reach socket.io. A handler that returns a promise (a message
 * waiting for its shared commit) is acked when it settles; the others at once.
 */
function handler<S extends z.ZodType, R extends object>(
  log: Logger,
  schema: S,
  run: (payload: z.infer<S>) => R | void | Promise<R>,
): (...args: unknown[]) => void {
  return async (...args: unknown[]) => {
    const ack: AckFn = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : () => {};
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      ack({ ok: false, ...firstIssue(parsed.error) });
      return;
    }
    const succeed = (result: R | void) => ack({ ok: true, ...(result ?? {}) });
    const fail = (err: unknown) => {
      if (err instanceof ChatError) {
        ack({ ok: false, error: err.message, ...(err.field ? { field: err.field } : {}) });
      } else {
        log.error({ err, chatId: (parsed.data as { chatId?: unknown } | undefined)?.chatId }, 'socket event failed');
        ack({ ok: false, error: 'internal error: nothing was saved' });
      }
    };
    try {
      const result = await run(parsed.data);
      if (result instanceof Promise) result.then(succeed, fail);
      else succeed(result);
    } catch (err) {
      fail(err);
    }
  };
}

/**
 * One socket's events of this kind run one after another, in the order they arrived: a
 * client's messages are stored in the order it sent them. (SQLite's group commit keeps that
 * order by itself; on Postgres each runs in its own transaction on its own connection, and the
 * later one could commit first.) Wraps a `handler`, which never rejects.
 */
export function inOrder(listener: (...args: unknown[]) => Promise<void> | void): (...args: unknown[]) => void {
  let tail: Promise<void> = Promise.resolve();
  return (...args: unknown[]) => {
    tail = tail.then(() => listener(...args));
  };
}

/**
 * A namespace's handshake check (`nsp.use`): `check` says who connects or refuses with an
 * error; a store that does not answer refuses the connection (logged) instead of rejecting a
 * promise nobody awaits.
 */
export function handshake<S>(log: Logger, namespace: string, check: (socket: S) => Promise<Error | undefined>) {
  return (socket: S, next: (err?: Error) => void) => {
    check(socket).then(next, (err) => {
      log.error({ err }, `${namespace} handshake failed`);
      next(new Error('the server could not check this connection; try again'));
    });
  };
}

/** Counts a principal's open sockets; runs `onGone` when none came back within `graceMs`. */
export class Presence {
  private readonly sockets = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Once stopped (the server is closing), disconnects start no more timers. */
  private stopped = false;

  constructor(
    private readonly graceMs: number,
    private readonly onGone: (id: string) => void,
  ) {}

  connected(id: string): void {
    this.sockets.set(id, (this.sockets.get(id) ?? 0) + 1);
    const timer = this.timers.get(id);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(id);
    }
  }

  disconnected(id: string): void {
    const left = (this.sockets.get(id) ?? 1) - 1;
    if (left > 0) {
      this.sockets.set(id, left);
      return;
    }
    this.sockets.delete(id);
    this.startGrace(id);
  }

  /** Someone who should be connected but is not (after a restart) gets the same grace. */
  startGrace(id: string): void {
    if (this.stopped || this.sockets.has(id) || this.timers.has(id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (!this.sockets.has(id)) this.onGone(id);
    }, this.graceMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  isConnected(id: string): boolean {
    return this.sockets.has(id);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
