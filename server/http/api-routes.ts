import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Sql } from '../store/sql.ts';
import type { Clock } from '../clock.ts';
import type { AgentRow } from '../store/agents.ts';
import type { ApiRoute } from '../../shared/api-route.ts';
import { routes } from '../../shared/api-routes.ts';
import { admitCaller } from './auth.ts';
import { badRequest, zodBadRequest } from './errors.ts';

/**
 * Serves the routes declared in shared/api-routes.ts: the declaration parses the path
 * parameters, query and body (400 naming the field, nothing written), checks the caller
 * (401, 403 for a role or an API key's scope), then the handler runs with what was parsed.
 * The same declarations make GET /api/openapi.json (`openApiDocument`).
 */

type Parsed<R extends ApiRoute, K extends 'params' | 'query' | 'body'> = R[K] extends z.ZodType ? z.output<R[K]> : undefined;

export interface RouteCall<R extends ApiRoute> {
  params: Parsed<R, 'params'>;
  query: Parsed<R, 'query'>;
  body: Parsed<R, 'body'>;
  /** The caller: a signed-in agent, or the agent an API key acts as; undefined on `anyone` routes. */
  agent: R['access']['roles'] extends 'anyone' ? AgentRow | undefined : AgentRow;
  req: Request;
  res: Response;
}

/** The handler answers with `res` itself (a file, a stream) or returns the JSON answer. */
export type RouteHandler<R extends ApiRoute> = (call: RouteCall<R>) => Promise<z.input<R['response']> | void>;

/** The Express path of a route within a router mounted at /api. */
export const expressPath = (route: ApiRoute) => route.path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1');

function parse(schema: z.ZodType | undefined, value: unknown, res: Response, part: 'parameter' | 'field'): { ok: true; value: unknown } | { ok: false } {
  if (!schema) return { ok: true, value: undefined };
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  // An unknown parameter is named, not reported as the whole query or body.
  if (issue.code === 'unrecognized_keys') badRequest(res, [...issue.path, issue.keys[0]!].join('.'), `unknown ${part}`);
  else zodBadRequest(res, parsed.error);
  return { ok: false };
}

export function serve<R extends ApiRoute>(router: Router, { db, clock }: { db: Sql; clock: Clock }, route: R, handler: RouteHandler<R>): void {
  router[route.method](expressPath(route), async (req, res, next) => {
    try {
      // Who calls is checked first: a stranger learns nothing from the validation's answers.
      if (route.access.roles !== 'anyone') {
        if (!(await admitCaller(db, clock, req, res, { scope: route.access.scope, beforeEnrolment: route.access.beforeEnrolment }))) return;
        if (!route.access.roles.includes(req.agent!.role)) {
          res.status(403).json({ error: `this needs the role ${route.access.roles.join(' or ')}` });
          return;
        }
      }
      const params = parse(route.params, req.params, res, 'parameter');
      if (!params.ok) return;
      const query = parse(route.query, req.query, res, 'parameter');
      if (!query.ok) return;
      const body = route.consumes ? { ok: true as const, value: undefined } : parse(route.body, req.body, res, 'field');
      if (!body.ok) return;
      const answer = await handler({ params: params.value, query: query.value, body: body.value, agent: req.agent!, req, res } as RouteCall<R>);
      if (answer !== undefined && !res.headersSent) res.status(route.status ?? 200).json(answer);
    } catch (err) {
      next(err);
    }
  });
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** The query or path parameters of an object schema, one OpenAPI parameter each. */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const described = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(described.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (described.required ?? []).includes(name),
    schema: s,
  }));
}

function security(route: ApiRoute) {
  if (route.access.roles === 'anyone') return [];
  return [{ session: [] }, ...(route.access.scope ? [{ apiKey: [route.access.scope] }] : [])];
}

/** The OpenAPI 3.1 document of every declared route. */
export function openApiDocument(publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(routes) as [string, ApiRoute][]) {
    const who = route.access.roles === 'anyone' ? 'Anyone.' : `Roles: ${route.access.roles.join(', ')}. ${route.access.scope ? `API key scope: ${route.access.scope}.` : 'Not with an API key.'}`;
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      operationId: name,
      tags: [route.tag],
      summary: route.summary,
      description: who,
      'x-parley-access': route.access,
      security: security(route),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(route.body || route.consumes
        ? {
            requestBody: {
              required: true,
              content: route.consumes
                ? { [route.consumes]: { schema: { type: 'string', format: 'binary' } } }
                : { 'application/json': { schema: jsonSchema(route.body!, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(route.status ?? 200)]: {
          description: route.summary,
          content: { [route.produces ?? 'application/json']: { schema: route.produces ? { type: 'string' } : jsonSchema(route.response, 'output') } },
        },
        ...(route.params || route.query || route.body ? { 400: { $ref: '#/components/responses/BadRequest' } } : {}),
        ...(route.access.roles === 'anyone' ? {} : { 401: { $ref: '#/components/responses/Unauthorized' }, 403: { $ref: '#/components/responses/Forbidden' } }),
      },
    };
  }
  const error = { type: 'object', properties: { error: { type: 'string' }, field: { type: 'string' }, scope: { type: 'string' } }, required: ['error'] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '1',
      description:
        'The REST API of Parley. Sign in with a session (the console) or send an API key as `Authorization: Bearer parley_…`; a key may call a route only with the scope the route names (`admin` allows all).',
    },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: parley_<id>_<secret>' },
      },
      responses: {
        BadRequest: { description: 'The field named is wrong; nothing was written', content: { 'application/json': { schema: error } } },
        Unauthorized: { description: 'No valid session or API key', content: { 'application/json': { schema: error } } },
        Forbidden: { description: 'The role, or the API key scope named in `scope`, does not allow it', content: { 'application/json': { schema: error } } },
      },
    },
    paths,
  };
}
