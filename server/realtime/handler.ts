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
