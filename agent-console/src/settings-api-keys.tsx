import { useEffect, useState } from 'preact/hooks';
import { request } from './console-api.ts';
import { dateLocale, t, type MessageKey } from './i18n.ts';
import { hrefOf, navigate } from './router.tsx';
import { ConfirmDialog, Field, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';
import { ShownOnceSecret } from './shown-once-secret.tsx';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../shared/api-route.ts';
import { routes, type ApiKeyView } from '../../shared/api-routes.ts';

const when = (at: number) => new Date(at).toLocaleString(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' });

const SCOPE_HELP: Record<ApiKeyScope, MessageKey> = {
  'metrics:read': 'Read metrics and their CSVs',
  'chats:read': 'List and read chats, search, export the history',
  'chats:write': 'Send messages as a named agent, close and tag chats',
  'visitors:read': 'See who is on the site',
  'visitors:write': 'Start chats with visitors on the site',
  admin: 'Everything an admin may do',
};

type Created = Awaited<ReturnType<typeof request<typeof routes.createApiKey>>>;

/** Settings → API keys: make a key (shown once), see when each was last used, revoke. */
export function ApiKeysSection() {
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['metrics:read']);
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const save = useSave();

  const load = () => {
    setLoadError(null);
    request(routes.listApiKeys).then(
      (r) => setKeys(r.apiKeys),
      (err: Error) => setLoadError(err.message),
    );
  };
  useEffect(load, []);

  async function submit(e: Event) {
    e.preventDefault();
    const ok = await save.run(async () => setCreated(await request(routes.createApiKey, { body: { name, scopes } })));
    if (ok) {
      setName('');
      load();
    }
  }
  const toggle = (scope: ApiKeyScope, on: boolean) => setScopes(on ? API_KEY_SCOPES.filter((s) => s === scope || scopes.includes(s)) : scopes.filter((s) => s !== scope));

  return (
    <Section id="api-keys" title={t('API keys')} intro={t('Other tools call Parley’s REST API with a key, sent as Authorization: Bearer <key>. A key acts as you, within the scopes you choose.')}>
      <p>
        <a
          href={hrefOf('api-reference')}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            navigate('api-reference');
          }}
        >
          {t('API reference')}
        </a>
      </p>
      {created && (
        <ShownOnceSecret
          note={t('The key “{name}”. Copy it now: it is not shown again.', { name: created.name })}
          value={created.key}
          valueLabel={t('The new API key')}
          copyLabel={t('Copy key')}
          onDone={() => setCreated(null)}
        />
      )}
      {!keys ? (
        <Loading error={loadError} onRetry={load} />
      ) : keys.length === 0 ? (
        <p class="muted">{t('No API keys yet.')}</p>
      ) : (
        <ul class="api-key-list">
          {keys.map((k) => (
            <li key={k.id} class="api-key-item">
              <div class="api-key-head">
                <strong class="api-key-name">{k.name}</strong>
                <button type="button" class="button button-small button-danger-quiet" aria-label={t('Revoke the key “{name}”', { name: k.name })} onClick={() => setRevoking(k)}>
                  {t('Revoke')}
                </button>
              </div>
              <p class="small api-key-scopes">
                {k.scopes.map((s) => (
                  <code key={s}>{s}</code>
                ))}
              </p>
              <p class="muted small">
                {t('Made {time}', { time: when(k.createdAt) })} · {k.lastUsedAt === null ? t('Never used') : t('Last used {time}', { time: when(k.lastUsedAt) })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {revoking && (
        <ConfirmDialog
          title={t('Revoke the key “{name}”?', { name: revoking.name })}
          message={t('Whatever uses it is refused from its next call. This cannot be undone.')}
          confirmLabel={t('Revoke key')}
          onConfirm={async () => {
            await request(routes.revokeApiKey, { params: { id: revoking.id } });
            load();
          }}
          onClose={() => setRevoking(null)}
        />
      )}
      <form class="settings-form" onSubmit={submit} aria-labelledby="api-key-form-title">
        <h3 id="api-key-form-title" class="form-title">
          {t('Make a key')}
        </h3>
        <Field label={t('Name')} error={save.errorFor('name')}>
          {(f) => (
            <input
              class="input"
              id={f.id}
              placeholder={t('e.g. CRM sync')}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          )}
        </Field>
        <fieldset class="api-key-scope-choice">
          <legend>{t('Scopes')}</legend>
          {API_KEY_SCOPES.map((scope) => (
            <label key={scope} class="check">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.currentTarget.checked)} />{' '}
              <span>
                <code>{scope}</code> <span class="muted small">{t(SCOPE_HELP[scope])}</span>
              </span>
            </label>
          ))}
          {save.errorFor('scopes') && <span class="field-error">{save.errorFor('scopes')}</span>}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
            {t('Make key')}
          </button>
          <SaveStatus state={save.state} />
        </div>
      </form>
    </Section>
  );
}
