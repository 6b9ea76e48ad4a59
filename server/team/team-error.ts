/** How a refusal is answered: a bad field, nothing by that id, not the caller's to change, or in use. */
export type TeamRefusal = 'invalid' | 'not-found' | 'forbidden' | 'conflict';

/** A change the team's rules refuse; nothing was written. `details` go into the answer as they are. */
export class TeamError extends Error {
  constructor(
    readonly refusal: TeamRefusal,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(field && !message.startsWith(`${field}:`) ? `${field}: ${message}` : message);
  }
}
