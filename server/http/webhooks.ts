import { Router, type Request } from 'express';
import type { Deps } from '../deps.ts';
import { answerTeamRefusals, parseBody, zodBadRequest } from './errors.ts';
import { requireRole } from './auth.ts';
import { changeWebhook, createWebhook, redeliverWebhook, removeWebhook, webhookDeliveries, webhooks, type WebhookContext } from '../webhooks/endpoints.ts';
import { webhookCreateBodySchema, webhookDeliveriesQuerySchema, webhookPatchBodySchema } from '../../shared/webhooks.ts';

/**
 * `/api/webhooks` for owners and admins: endpoints and their deliveries. Bodies and answers are
 * the schemas of shared/webhooks.ts (`webhookRoutes`).
 */
export function webhooksRouter({ db, clock, config }: Deps, onDeliveryDue: () => void): Router {
  const router = Router();
  const admin = requireRole(db, clock, 'admin', 'owner');
  const context = (req: Request): WebhookContext => ({
    db,
    now: clock.now(),
    allowPrivate: config.webhooksAllowPrivate,
    actor: req.agent!.id,
    ip: req.ip ?? null,
  });

  router.get('/webhooks', admin, async (_req, res) => {
    res.json({ webhooks: await webhooks(db) });
  });
  router.post('/webhooks', admin, async (req, res) => {
    const body = parseBody(webhookCreateBodySchema, req, res);
    if (!body) return;
    res.status(201).json(await createWebhook(context(req), body));
  });
  router.patch('/webhooks/:id', admin, async (req, res) => {
    const body = parseBody(webhookPatchBodySchema, req, res);
    if (!body) return;
    const webhook = await changeWebhook(context(req), req.params.id as string, body);
    if (body.enabled) onDeliveryDue();
    res.json(webhook);
  });
  router.delete('/webhooks/:id', admin, async (req, res) => {
    await removeWebhook(context(req), req.params.id as string);
    res.json({ ok: true });
  });
  router.get('/webhooks/:id/deliveries', admin, async (req, res) => {
    const query = webhookDeliveriesQuerySchema.safeParse(req.query);
    if (!query.success) return zodBadRequest(res, query.error);
    res.json({ deliveries: await webhookDeliveries(db, req.params.id as string, query.data.limit) });
  });
  router.post('/webhooks/:id/deliveries/:deliveryId/redeliver', admin, async (req, res) => {
    const delivery = await redeliverWebhook(context(req), req.params.id as string, req.params.deliveryId as string);
    onDeliveryDue();
    res.json(delivery);
  });
  router.use(answerTeamRefusals);
  return router;
}
