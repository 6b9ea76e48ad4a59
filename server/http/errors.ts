import type { Response } from 'express';
import type { ZodError } from 'zod';

/** A 400 that names the offending field, the one error shape of every REST route. */
export function badRequest(res: Response, field: string, message: string): void {
  res.status(400).json({ error: `${field}: ${message}`, field });
}

export function zodBadRequest(res: Response, error: ZodError): void {
  const issue = error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'body';
  badRequest(res, field, issue.message);
}
