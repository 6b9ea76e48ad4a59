import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { isTimeZone } from '../metrics/time-zone.ts';
import { vapidKeys } from '../push/push-notifier.ts';
import { deletePushSubscription, pushPreferencesOf, savePushPreferences, savePushSubscription } from '../store/push.ts';
import { requireAgent } from './auth.ts';
import { parseBody } from './errors.ts';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+=*$/, 'base64url expected');

const subscriptionSchema = z.object({
  // Push services are https; nothing else is posted to.
  endpoint: z.url({ protocol: /^https$/ }).max(2000),
  keys: z.object({ p256dh: base64url.min(80).max(100), auth: base64url.min(16).max(32) }),
  language: z.enum(['en', 'ru', 'bg']).default('en'),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM expected');

const preferencesSchema = z
  .object({
    // followUp came later: a console that does not send it keeps it on.
    events: z.object({ queued: z.boolean(), message: z.boolean(), transfer: z.boolean(), followUp: z.boolean().default(true) }),
    showText: z.boolean(),
    quietFrom: hhmm.nullable(),
    quietTo: hhmm.nullable(),
    timeZone: z.string().refine(isTimeZone, 'not a time zone'),
  })
  .refine((p) => (p.quietFrom === null) === (p.quietTo === null), { path: ['quietTo'], message: 'give both ends of the quiet hours, or neither' });

/** Web Push for the signed-in agent's devices (issue 14). */
export function pushRouter({ db, clock }: Deps): Router {
  const router = Router();
  const signedIn = requireAgent(db, clock, { sessionOnly: true });

  router.get('/push/public-key', signedIn, async (_req, res) => {
    res.json({ publicKey: (await vapidKeys(db)).publicKey });
  });

  router.post('/push/subscriptions', signedIn, async (req, res) => {
    const body = parseBody(subscriptionSchema, req, res);
    if (!body) return;
    await savePushSubscription(db, { endpoint: body.endpoint, agentId: req.agent!.id, ...body.keys, language: body.language }, clock.now());
    res.status(201).json({ ok: true });
  });

  router.delete('/push/subscriptions', signedIn, async (req, res) => {
    const body = parseBody(z.object({ endpoint: z.string().min(1).max(2000) }), req, res);
    if (!body) return;
    const removed = await deletePushSubscription(db, req.agent!.id, body.endpoint);
    if (removed) res.json({ ok: true });
    else res.status(404).json({ error: 'endpoint: no such subscription of yours', field: 'endpoint' });
  });

  router.get('/push/preferences', signedIn, async (req, res) => {
    res.json({ preferences: await pushPreferencesOf(db, req.agent!.id) });
  });

  router.put('/push/preferences', signedIn, async (req, res) => {
    const body = parseBody(preferencesSchema, req, res);
    if (!body) return;
    await savePushPreferences(db, req.agent!.id, body);
    res.json({ preferences: body });
  });

  return router;
}
