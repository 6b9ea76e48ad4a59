import { Router, type Request } from 'express';
import type { Deps } from '../deps.ts';
import { answerTeamRefusals } from './errors.ts';
import { auditSource } from './audit.ts';
import { serve } from './api-routes.ts';
import { routes } from '../../shared/api-routes.ts';
import { changeWebhook, createWebhook, redeliverWebhook, removeWebhook, webhookDeliveries, webhooks, type WebhookContext } from '../webhooks/endpoints.ts';

/** `/api/webhooks` for owners and admins (and keys with `admin`): endpoints and their deliveries. */
export function webhooksRouter(deps: Deps, onDeliveryDue: () => void): Router {
  const { db, clock, config } = deps;
  const router = Router();
  const context = (req: Request): WebhookContext => ({
    db,
    now: clock.now(),
    allowPrivate: config.webhooksAllowPrivate,
    actor: auditSource(req).actor!,
    ip: req.ip ?? null,
  });

  serve(router, deps, routes.listWebhooks, async () => ({ webhooks: await webhooks(db) }));
  serve(router, deps, routes.createWebhook, async ({ req, body }) => createWebhook(context(req), body));
  serve(router, deps, routes.changeWebhook, async ({ req, params, body }) => {
    const webhook = await changeWebhook(context(req), params.id, body);
    if (body.enabled) onDeliveryDue();
    return webhook;
  });
  serve(router, deps, routes.removeWebhook, async ({ req, params }) => {
    await removeWebhook(context(req), params.id);
    return { ok: true as const };
  });
  serve(router, deps, routes.webhookDeliveries, async ({ params, query }) => ({ deliveries: await webhookDeliveries(db, params.id, query.limit) }));
  serve(router, deps, routes.redeliverWebhook, async ({ req, params }) => {
    const delivery = await redeliverWebhook(context(req), params.id, params.deliveryId);
    onDeliveryDue();
    return delivery;
  });
  router.use(answerTeamRefusals);
  return router;
}
