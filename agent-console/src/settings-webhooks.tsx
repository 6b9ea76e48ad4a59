import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { dateLocale, t } from './i18n.ts';
import { ConfirmDialog, Field, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';
import { ShownOnceSecret } from './shown-once-secret.tsx';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../shared/webhook-events.ts';
import type { WebhookCreated, WebhookDelivery, WebhookEndpoint } from '../../shared/webhooks.ts';

/** How often the open Webhooks settings ask for the endpoints' state again. */
export const WEBHOOKS_REFRESH_MS = 30_000;

const when = (at: number) => new Date(at).toLocaleString(dateLocale(), { dateStyle: 'medium', timeStyle: 'medium' });

/** Settings → Webhooks: endpoints, the secret once, each endpoint's recent deliveries. */
export function WebhooksSection() {
  const [webhooks, setWebhooks] = useState<WebhookEndpoint[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['chat.started', 'chat.closed']);
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const save = useSave();

  const load = () => {
    setLoadError(null);
    request(routes.listWebhooks).then(
      (r) => setWebhooks(r.webhooks),
      (err: Error) => setLoadError(err.message),
    );
  };
  useEffect(load, []);
  // An endpoint's state (failing since, turned off) follows its deliveries while the page is
  // open, its delivery list open or not; a failed refresh keeps what is shown.
  useEffect(() => {
    const timer = setInterval(() => request(routes.listWebhooks).then((r) => setWebhooks(r.webhooks), () => {}), WEBHOOKS_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    const ok = await save.run(async () => {
      setCreated(await request(routes.createWebhook, { body: { url, events } }));
    });
    if (ok) {
      setUrl('');
      load();
    }
  }

  return (
    <Section
      id="webhooks"
      title={t('Webhooks')}
      intro={t('Parley posts each event you choose to your URL, signed with the endpoint’s secret, and tries again for three days until it answers 2xx.')}
    >
      {created && (
        <ShownOnceSecret
          note={t('The signing secret of {url}. Copy it now: it is not shown again.', { url: created.url })}
          value={created.secret}
          valueLabel={t('The new signing secret')}
          copyLabel={t('Copy secret')}
          onDone={() => setCreated(null)}
        />
      )}
      {!webhooks ? (
        <Loading error={loadError} onRetry={load} />
      ) : webhooks.length === 0 ? (
        <p class="muted">{t('No webhooks yet.')}</p>
      ) : (
        <ul class="webhook-list">
          {webhooks.map((w) => (
            <WebhookItem key={w.id} webhook={w} onChanged={load} onDelete={() => setDeleting(w)} />
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('Delete the webhook to {url}?', { url: deleting.url })}
          message={t('Its deliveries, sent and waiting, go with it.')}
          confirmLabel={t('Delete webhook')}
          onConfirm={async () => {
            await request(routes.removeWebhook, { params: { id: deleting.id } });
            load();
          }}
          onClose={() => setDeleting(null)}
        />
      )}
      <form class="settings-form" onSubmit={submit} aria-labelledby="webhook-form-title">
        <h3 id="webhook-form-title" class="form-title">
          {t('Add a webhook')}
        </h3>
        <Field label={t('URL')} error={save.errorFor('url')}>
          {(f) => (
            <input
              class="input"
              id={f.id}
              type="url"
              placeholder="https://crm.example.com/parley"
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          )}
        </Field>
        <EventChoice events={events} onChange={setEvents} error={save.errorFor('events')} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
            {t('Add webhook')}
          </button>
          <SaveStatus state={save.state} />
        </div>
      </form>
    </Section>
  );
}

function EventChoice({ events, onChange, error }: { events: WebhookEventType[]; onChange: (events: WebhookEventType[]) => void; error: string | null }) {
  const toggle = (type: WebhookEventType, on: boolean) =>
    onChange(on ? WEBHOOK_EVENT_TYPES.filter((e) => e === type || events.includes(e)) : events.filter((e) => e !== type));
  return (
    <fieldset class="webhook-events">
      <legend>{t('Events')}</legend>
      {WEBHOOK_EVENT_TYPES.map((type) => (
        <label key={type} class="check">
          <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.currentTarget.checked)} /> <code>{type}</code>
        </label>
      ))}
      {error && <span class="field-error">{error}</span>}
    </fieldset>
  );
}

function WebhookItem({ webhook: w, onChanged, onDelete }: { webhook: WebhookEndpoint; onChanged: () => void; onDelete: () => void }) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<WebhookEventType[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useSave();
  async function saveEvents(e: Event) {
    e.preventDefault();
    if (await save.run(() => request(routes.changeWebhook, { params: { id: w.id }, body: { events: editing ?? undefined } }))) {
      setEditing(null);
      onChanged();
    }
  }
  async function turnOn() {
    setError(null);
    try {
      await request(routes.changeWebhook, { params: { id: w.id }, body: { enabled: true } });
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <li class="webhook-item">
      <div class="webhook-head">
        <code class="webhook-url">{w.url}</code>
        <span class="row-actions">
          <button type="button" class="button button-small" aria-label={t('Change the events of {url}', { url: w.url })} onClick={() => setEditing(editing ? null : w.events)}>
            {t('Change events')}
          </button>
          <button type="button" class="button button-small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t('Hide deliveries') : t('Recent deliveries')}
          </button>
          <button type="button" class="button button-small button-danger-quiet" aria-label={t('Delete the webhook to {url}', { url: w.url })} onClick={onDelete}>
            {t('Delete')}
          </button>
        </span>
      </div>
      {editing ? (
        <form class="webhook-edit" onSubmit={saveEvents} aria-label={t('Change the events of {url}', { url: w.url })}>
          <EventChoice events={editing} onChange={setEditing} error={save.errorFor('events')} />
          <div class="form-actions">
            <button type="submit" class="button button-primary button-small" disabled={save.state.kind === 'saving'}>
              {t('Save events')}
            </button>
            <button type="button" class="button button-small" onClick={() => setEditing(null)}>
              {t('Cancel')}
            </button>
            <SaveStatus state={save.state} />
          </div>
        </form>
      ) : (
        <p class="muted small">{w.events.join(', ')}</p>
      )}
      {w.disabledAt !== null ? (
        <p class="form-error" role="alert">
          {t('Turned off on {time}: {reason}', { time: when(w.disabledAt), reason: w.disabledReason ?? '' })}{' '}
          <button type="button" class="button button-small" onClick={() => void turnOn()}>
            {t('Turn on')}
          </button>
        </p>
      ) : w.failingSince !== null ? (
        <p class="save-error">{t('Failing since {time}: it is turned off after three days.', { time: when(w.failingSince) })}</p>
      ) : null}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {open && <DeliveryList webhook={w} onDelivered={onChanged} />}
    </li>
  );
}

function stateLabel(d: WebhookDelivery): string {
  if (d.state === 'delivered') return t('Delivered');
  if (d.state === 'failed') return t('Failed');
  return d.attempts === 0 ? t('Sending') : t('Retry at {time}', { time: when(d.nextAttemptAt ?? d.createdAt) });
}

/** What of a delivery list the endpoint's state (failing since, turned off) follows from. */
const attemptsMade = (deliveries: WebhookDelivery[]) => deliveries.map((d) => `${d.id}:${d.state}:${d.attempts}`).join();

/** `onDelivered`: an attempt was made meanwhile, so the endpoint's own state may have changed. */
function DeliveryList({ webhook, onDelivered }: { webhook: WebhookEndpoint; onDelivered: () => void }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seen = useRef<string | null>(null);
  const load = () => {
    setLoadError(null);
    request(routes.webhookDeliveries, { params: { id: webhook.id }, query: { limit: 25 } }).then(
      (r) => {
        setDeliveries(r.deliveries);
        const now = attemptsMade(r.deliveries);
        if (seen.current !== null && seen.current !== now) onDelivered();
        seen.current = now;
      },
      (err: Error) => setLoadError(err.message),
    );
  };
  useEffect(() => {
    load();
    // While open, the list follows attempts made meanwhile (retries, a redelivery).
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, [webhook.id]);
  async function redeliver(d: WebhookDelivery) {
    setError(null);
    try {
      await request(routes.redeliverWebhook, { params: { id: webhook.id, deliveryId: d.id } });
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  }
  if (!deliveries) return <Loading error={loadError} onRetry={load} />;
  if (deliveries.length === 0) return <p class="muted">{t('Nothing sent yet.')}</p>;
  return (
    <>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <table class="settings-table webhook-deliveries">
        <caption class="visually-hidden">{t('Recent deliveries to {url}', { url: webhook.url })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Event')}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('Response code')}</th>
            <th scope="col">{t('Time')}</th>
            <th scope="col">{t('Body')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('Actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.type}</code>
              </td>
              <td>
                {stateLabel(d)}
                {d.attempts > 1 && <span class="muted small"> {t('{count} attempts', { count: d.attempts })}</span>}
              </td>
              <td>{d.lastStatus ?? (d.lastError ? <span title={d.lastError}>{d.lastError}</span> : '–')}</td>
              <td>{when(d.lastAttemptAt ?? d.createdAt)}</td>
              <td>
                <details>
                  <summary>{t('Show')}</summary>
                  <p class="small">{t('Sent')}</p>
                  <pre class="webhook-body">{d.body}</pre>
                  {d.lastResponse !== null && (
                    <>
                      <p class="small">{t('Answer')}</p>
                      <pre class="webhook-body">{d.lastResponse}</pre>
                    </>
                  )}
                </details>
              </td>
              <td>
                <button type="button" class="button button-small" aria-label={t('Redeliver {id}', { id: d.id })} onClick={() => void redeliver(d)}>
                  {t('Redeliver')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
