import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { vapidKeys } from '../push/push-notifier.ts';
import { deletePushSubscription, pushPreferencesOf, savePushPreferences, savePushSubscription } from '../store/push.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';

/** Web Push for the signed-in agent's devices (issue 14); shared/push-schemas.ts validates. */
export function pushRouter(deps: Deps): Router {
  const { db, clock } = deps;
  const router = Router();

  serve(router, deps, routes.pushPublicKey, async () => ({ publicKey: (await vapidKeys(db)).publicKey }));

  serve(router, deps, routes.pushSubscribe, async ({ body, agent }) => {
    await savePushSubscription(db, { endpoint: body.endpoint, agentId: agent.id, ...body.keys, language: body.language }, clock.now());
    return { ok: true as const };
  });

  serve(router, deps, routes.pushUnsubscribe, async ({ body, agent, res }) => {
    if (await deletePushSubscription(db, agent.id, body.endpoint)) return { ok: true as const };
    res.status(404).json({ error: 'endpoint: no such subscription of yours', field: 'endpoint' });
  });

  serve(router, deps, routes.pushPreferences, async ({ agent }) => ({ preferences: await pushPreferencesOf(db, agent.id) }));

  serve(router, deps, routes.changePushPreferences, async ({ body, agent }) => {
    await savePushPreferences(db, agent.id, body);
    return { preferences: body };
  });

  return router;
}
