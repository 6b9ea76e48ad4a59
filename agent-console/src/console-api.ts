// JSON calls to the server's REST API with the session cookie. A refusal becomes an ApiError
// carrying the server's words and, for a 400, the field it named, so forms can point at it.
// `request` calls a route declared in shared/api-routes.ts: its inputs and its answer are typed
// by the schemas the server validates with.

import type { ApiRoute, RouteAnswer, RouteInput } from '../../shared/api-route.ts';
import { routeUrl } from '../../shared/api-route.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'content-type': body instanceof Blob ? 'application/octet-stream' : 'application/json' },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('the server cannot be reached', 0);
  }
  let answer: unknown = null;
  try {
    answer = await res.json();
  } catch {
    // An empty or non-JSON answer: the status alone tells what happened.
  }
  if (!res.ok) {
    const { error, field } = (answer ?? {}) as { error?: unknown; field?: unknown };
    throw new ApiError(
      typeof error === 'string' ? error : `the server answered ${res.status}`,
      res.status,
      typeof field === 'string' ? field : null,
    );
  }
  return answer as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  delete: <T>(path: string, body?: unknown) => call<T>('DELETE', path, body),
  /** A file as the request body (not JSON). */
  upload: <T>(path: string, file: Blob) => call<T>('POST', path, file),
};

/** Whether a route's input may be left out: nothing in it is required. */
type OptionalInput<R extends ApiRoute> = {} extends RouteInput<R> ? [input?: RouteInput<R>] : [input: RouteInput<R>];

/** Calls a declared route (`routes.x` of shared/api-routes.ts) with its typed input. */
export function request<R extends ApiRoute>(route: R, ...[input]: OptionalInput<R>): Promise<RouteAnswer<R>> {
  const given = (input ?? {}) as { params?: unknown; query?: unknown; body?: unknown };
  const body = given.body ?? (route.method === 'get' || route.method === 'delete' ? undefined : {});
  return call<RouteAnswer<R>>(route.method.toUpperCase(), routeUrl(route, given), body);
}
