import { z } from 'zod';
import type { Role } from './protocol.ts';

/**
 * One public REST route, declared once (issue 12, "A described API"): the server validates
 * requests and checks callers with it, the OpenAPI document is made from it, and the console's
 * calls take their types from it.
 */

/** What an API key may be allowed to do; `admin` is everything an admin may do. */
export const API_KEY_SCOPES = ['metrics:read', 'chats:read', 'chats:write', 'visitors:read', 'visitors:write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteAccess {
  /** `anyone`: no sign-in (the widget's and the survey pages' calls); else the roles that may call. */
  roles: 'anyone' | readonly Role[];
  /** The scope an API key needs (a key with `admin` has all); null: sessions only, never a key. */
  scope: ApiKeyScope | null;
  /** Callable while the owner requires two-factor sign-in and the caller is not enrolled yet: the way to enrol. */
  beforeEnrolment?: true;
}

export interface ApiRoute {
  method: HttpMethod;
  /** With `{name}` for each path parameter, as OpenAPI writes it. */
  path: string;
  /** Groups the reference page's sections. */
  tag: string;
  summary: string;
  access: RouteAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The JSON answer; for a file answer (`produces`), what it holds. */
  response: z.ZodType;
  /** The success status when not 200. */
  status?: 201;
  /** A body that is not JSON. */
  consumes?: 'application/x-ndjson' | 'application/octet-stream';
  /** An answer that is not JSON. */
  produces?: 'text/csv' | 'application/x-ndjson' | 'application/octet-stream';
}

/** Keeps the route's own schema types, so that callers infer their inputs and answers. */
export const apiRoute = <const R extends ApiRoute>(route: R): R => route;

/** An answer described by its TypeScript type only: typed for the console, `{}` in the document. */
export const typedAs = <T>() => z.custom<T>(() => true);

export const ANY_AGENT: readonly Role[] = ['agent', 'admin', 'owner'];
export const ADMINS: readonly Role[] = ['admin', 'owner'];

type Input<R, K extends 'params' | 'query' | 'body'> = R extends { [k in K]: infer S extends z.ZodType } ? { [k in K]: z.input<S> } : { [k in K]?: never };
/** What a call of the route sends: its path parameters, query and body. */
export type RouteInput<R extends ApiRoute> = Input<R, 'params'> & Input<R, 'query'> & Input<R, 'body'>;
/** What the route answers. */
export type RouteAnswer<R extends ApiRoute> = z.output<R['response']>;

/** The route's path with its parameters filled in and its query string (without the `/api`). */
export function routeUrl(route: ApiRoute, input: { params?: unknown; query?: unknown }): string {
  const params = (input.params ?? {}) as Record<string, string>;
  const path = route.path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}
