import type { NextFunction, Request, Response } from 'express';
import type { z, ZodError } from 'zod';
import { TeamError, type TeamRefusal } from '../team/team-error.ts';

/** A 400 that names the offending field, the one error shape of every REST route. */
export function badRequest(res: Response, field: string, message: string): void {
  res.status(400).json({ error: `${field}: ${message}`, field });
}

export function zodBadRequest(res: Response, error: ZodError): void {
  const issue = error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'body';
  badRequest(res, field, issue.message);
}

/** The request's JSON body as `schema` reads it, or undefined with the 400 sent. */
export function parseBody<T extends z.ZodType>(schema: T, req: Request, res: Response): z.infer<T> | undefined {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    zodBadRequest(res, parsed.error);
    return undefined;
  }
  return parsed.data;
}

const REFUSAL_STATUS: Record<TeamRefusal, number> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409 };

/** A router's last middleware: answers what the team's rules refused; any other error goes on. */
export function answerTeamRefusals(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!(err instanceof TeamError)) return next(err);
  res.status(REFUSAL_STATUS[err.refusal]).json({ error: err.message, ...(err.field ? { field: err.field } : {}), ...err.details });
}
