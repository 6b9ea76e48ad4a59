import { useEffect, useState } from 'preact/hooks';
import type { SurveySettings, SurveySettingsView } from '../../shared/protocol.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t, type MessageKey } from './i18n.ts';
import { Field, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';
import { SurveyTextsForm } from './settings-survey-texts.tsx';

type Toggle = 'csatEnabled' | 'cesEnabled' | 'npsEnabled' | 'npsEmailEnabled' | 'followUpsEnabled';
type Limit = 'postChatValidHours' | 'npsDelayHours' | 'npsThrottleDays' | 'npsExpireDays' | 'postChatThrottleHours';

const toggles: { key: Toggle; label: MessageKey }[] = [
  { key: 'csatEnabled', label: 'Ask CSAT (satisfaction) when a chat closes' },
  { key: 'cesEnabled', label: 'Ask CES (effort) after CSAT' },
  { key: 'npsEnabled', label: 'Ask NPS (recommendation) some days later' },
  { key: 'npsEmailEnabled', label: 'Also email NPS to visitors who left an address' },
  { key: 'followUpsEnabled', label: 'A detractor NPS or a CSAT of 1–2 makes a follow-up for the agent' },
];

const limits: { key: Limit; label: MessageKey; hint?: MessageKey }[] = [
  { key: 'postChatValidHours', label: 'Post-chat survey valid for (hours)', hint: 'A visitor who left sees it on their next visit within this time.' },
  { key: 'npsDelayHours', label: 'NPS after (hours)', hint: '168 is a week; 0 asks on the next page load.' },
  { key: 'npsThrottleDays', label: 'At most one NPS per visitor every (days)', hint: '0: no limit.' },
  { key: 'npsExpireDays', label: 'An NPS not shown expires after (days)' },
  { key: 'postChatThrottleHours', label: 'At most one CSAT/CES per visitor every (hours)', hint: '0: after every chat.' },
];

export function SurveysSection() {
  const [view, setView] = useState<SurveySettingsView | null>(null);
  const [form, setForm] = useState<SurveySettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const save = useSave();

  const load = () => {
    setLoadError(null);
    request(routes.surveySettings).then(
      (v) => {
        setView(v);
        setForm(v.settings);
      },
      (err: Error) => setLoadError(err.message),
    );
  };
  useEffect(load, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (!form) return;
    const { texts: _ownWording, ...patch } = form;
    const url = patch.reviewLink.url?.trim() || null;
    const reviewTexts = Object.fromEntries(Object.entries(patch.reviewLink.texts).filter(([, text]) => text.trim()));
    await save.run(async () => {
      const v = await request(routes.changeSurveySettings, { body: { ...patch, reviewLink: { url, texts: reviewTexts } } });
      setView(v);
      setForm(v.settings);
    });
  }

  return (
    <Section id="surveys" title={t('Surveys')} intro={t('CSAT and CES after a chat, NPS days later, in the widget and by email.')}>
      {!view || !form ? (
        <Loading error={loadError} onRetry={load} />
      ) : (
        <form class="settings-form" onSubmit={submit}>
          <fieldset class="checks">
            <legend>{t('Which surveys')}</legend>
            {toggles.map(({ key, label }) => (
              <label key={key} class="check">
                <input
                  type="checkbox"
                  checked={form[key]}
                  disabled={key === 'npsEmailEnabled' && !view.emailConfigured && !form[key]}
                  onChange={(e) => setForm({ ...form, [key]: e.currentTarget.checked })}
                />
                {t(label)}
              </label>
            ))}
            {!view.emailConfigured && <p class="muted small">{t('Email needs SMTP_URL in the server’s environment.')}</p>}
          </fieldset>
          <div class="form-grid">
            <Field label={t('CES scale')} error={save.errorFor('cesScale')}>
              {(f) => (
                <select class="select" id={f.id} aria-describedby={f.describedBy} value={String(form.cesScale)} onChange={(e) => setForm({ ...form, cesScale: Number(e.currentTarget.value) as 5 | 7 })}>
                  <option value="7">{t('1–7 agreement (CES 2.0)')}</option>
                  <option value="5">{t('1–5')}</option>
                </select>
              )}
            </Field>
            {limits.map(({ key, label, hint }) => (
              <Field key={key} label={t(label)} error={save.errorFor(key)} hint={hint ? t(hint) : undefined}>
                {(f) => <input class="input input-narrow" id={f.id} type="number" min={0} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form[key]} onInput={(e) => setForm({ ...form, [key]: e.currentTarget.valueAsNumber })} />}
              </Field>
            ))}
          </div>
          <fieldset class="review-link-fields">
            <legend>{t('Review link for promoters (NPS 9–10, CSAT 5)')}</legend>
            <Field label={t('Review page address')} error={save.errorFor('reviewLink.url')} hint={t('Empty: no link.')}>
              {(f) => (
                <input
                  class="input"
                  id={f.id}
                  type="url"
                  aria-describedby={f.describedBy}
                  aria-invalid={f.invalid}
                  value={form.reviewLink.url ?? ''}
                  onInput={(e) => setForm({ ...form, reviewLink: { ...form.reviewLink, url: e.currentTarget.value } })}
                />
              )}
            </Field>
            {view.builtInLanguages.map((language) => (
              <Field key={language} label={t('Link text ({language})', { language })} error={save.errorFor(`reviewLink.texts.${language}`)}>
                {(f) => (
                  <input
                    class="input"
                    id={f.id}
                    aria-describedby={f.describedBy}
                    value={form.reviewLink.texts[language] ?? ''}
                    onInput={(e) => setForm({ ...form, reviewLink: { ...form.reviewLink, texts: { ...form.reviewLink.texts, [language]: e.currentTarget.value } } })}
                  />
                )}
              </Field>
            ))}
          </fieldset>
          <p class="muted" data-testid="surveys-skipped">
            {t('Chats closed without survey (surveys.skipped): {count}', { count: view.surveysSkipped })}
          </p>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
              {t('Save survey settings')}
            </button>
            <SaveStatus state={save.state} />
          </div>
        </form>
      )}
      {view && (
        <SurveyTextsForm
          view={view}
          onSaved={(v) => {
            setView(v);
            setForm(v.settings);
          }}
        />
      )}
    </Section>
  );
}

export function IdentitySecretSection() {
  const [secret, setSecret] = useState<{ secret: string; algorithm: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  async function reveal() {
    setError(null);
    try {
      setSecret(await request(routes.identitySecret));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.secret);
      setCopied(true);
    } catch {
      setError(t('The browser refused to copy: select the text and copy it yourself.'));
    }
  }
  return (
    <Section
      id="identity"
      title={t('Identity secret')}
      intro={t('Your site’s server signs Parley(\'identify\', …) with this secret so agents see the visitor as verified. Keep it on the server, never in a web page.')}
    >
      {secret ? (
        <div class="secret">
          <code class="secret-value" aria-label={t('Identity secret')}>
            {secret.secret}
          </code>
          <button type="button" class="button button-small" onClick={() => void copy()}>
            {copied ? t('Copied') : t('Copy')}
          </button>
          <p class="muted small">{t('Signature: {algorithm}', { algorithm: secret.algorithm })}</p>
        </div>
      ) : (
        <button type="button" class="button" onClick={() => void reveal()}>
          {t('Show the identity secret')}
        </button>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </Section>
  );
}
