import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainIssue } from './plain-issue.ts';
import { departmentBody, slaBody } from '../../shared/team-schemas.ts';
import { apiKeyCreateSchema } from '../../shared/api-routes.ts';

/** The first issue's message as the API words it: zod's own words only where plainIssue has none. */
const said = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input, { error: plainIssue });
  if (parsed.success) throw new Error('parsed');
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
};

describe('plainIssue', () => {
  it('words the settings forms’ refusals plainly (the new-user check’s cases)', () => {
    expect(said(apiKeyCreateSchema, { name: 'x'.repeat(101), scopes: ['admin'] })).toBe('name: is too long: at most 100 characters');
    expect(said(slaBody, { departmentId: null, priority: 'normal', firstResponseSec: -300, resolutionSec: null })).toBe('firstResponseSec: must be 0 or more');
    expect(said(departmentBody, { id: '', name: 'Sales' })).toBe('id: must not be empty');
    expect(said(departmentBody, { name: 'Sales' })).toBe('id: is required');
    expect(said(departmentBody, { id: 5, name: 'Sales' })).toBe('id: must be text');
    expect(said(slaBody, { departmentId: null, priority: 'soon', firstResponseSec: null, resolutionSec: null })).toBe('priority: must be one of low, normal, high, urgent');
  });

  it('covers numbers, lists, formats and literals', () => {
    const s = z.object({
      n: z.number().int().min(1).max(10).optional(),
      over: z.number().gt(0).lt(5).optional(),
      list: z.array(z.string()).min(1).max(2).optional(),
      email: z.email().optional(),
      code: z.string().min(6).optional(),
      yes: z.literal(true).optional(),
      step: z.number().multipleOf(5).optional(),
    });
    expect(said(s, { n: 0 })).toBe('n: must be 1 or more');
    expect(said(s, { n: 11 })).toBe('n: must be 10 or less');
    expect(said(s, { n: 1.5 })).toBe('n: must be a whole number');
    expect(said(s, { over: 0 })).toBe('over: must be more than 0');
    expect(said(s, { over: 5 })).toBe('over: must be less than 5');
    expect(said(s, { list: [] })).toBe('list: must have at least 1 item');
    expect(said(s, { list: ['a', 'b', 'c'] })).toBe('list: must have at most 2 items');
    expect(said(s, { email: 'nope' })).toBe('email: must be an email address');
    expect(said(s, { code: 'abc' })).toBe('code: must be at least 6 characters');
    expect(said(s, { yes: false })).toBe('yes: must be true');
    expect(said(s, { step: 7 })).toBe('step: must be a multiple of 5');
    expect(said(z.strictObject({}), { extra: 1 })).toBe(': unknown field: extra');
  });

  it('leaves a schema’s own message alone', () => {
    expect(said(z.object({ weight: z.number().gt(0, 'must be more than 0, the weight') }), { weight: 0 })).toBe('weight: must be more than 0, the weight');
    expect(said(apiKeyCreateSchema, { name: '  ', scopes: ['admin'] })).toBe('name: is required');
  });
});
