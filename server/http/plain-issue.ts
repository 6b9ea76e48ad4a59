import type { z } from 'zod';

/**
 * zod's own wording of a refused input ("Too big: expected string to have <=100 characters")
 * in the plain English the rest of the API's 400s use ("is too long: at most 100 characters").
 * Set as zod's `customError` (createApp), so a schema's own message still wins; undefined
 * leaves zod's words for issues with nothing plainer to say.
 */
export function plainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${String(issue.values[0])}` : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return FORMAT_NAMES[issue.format] ? `must be ${FORMAT_NAMES[issue.format]}` : 'is not in the expected form';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `${issue.keys.length > 1 ? 'unknown fields' : 'unknown field'}: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

const FORMAT_NAMES: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'a date and time (ISO 8601)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time (HH:MM)',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function tooSmall(origin: string, min: number, inclusive: boolean): string | undefined {
  if (origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${plural(min, 'character', 'characters')}`;
  if (origin === 'array' || origin === 'set') return `must have at least ${plural(min, 'item', 'items')}`;
  if (origin === 'number' || origin === 'int' || origin === 'bigint') return inclusive ? `must be ${min} or more` : `must be more than ${min}`;
  return undefined;
}

function tooBig(origin: string, max: number, inclusive: boolean): string | undefined {
  if (origin === 'string') return `is too long: at most ${plural(max, 'character', 'characters')}`;
  if (origin === 'array' || origin === 'set') return `must have at most ${plural(max, 'item', 'items')}`;
  if (origin === 'number' || origin === 'int' || origin === 'bigint') return inclusive ? `must be ${max} or less` : `must be less than ${max}`;
  return undefined;
}
