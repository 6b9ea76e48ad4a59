import { useEffect, useState } from 'preact/hooks';
import { request } from './console-api.ts';
import type { RouteAnswer } from '../../shared/api-route.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';
import { Field, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';

type Frequency = 'daily' | 'weekly';
type DigestLanguage = 'en' | 'ru' | 'bg';
interface Subscription {
  frequency: Frequency;
  timeZone: string;
  language: DigestLanguage;
}
type SubscriptionAnswer = RouteAnswer<typeof routes.digestSubscription>;
const digestLanguages: readonly string[] = ['en', 'ru', 'bg'] satisfies DigestLanguage[];
/** The stored language is text: one the form does not offer shows as English. */
const formLanguage = (stored: string): DigestLanguage => (digestLanguages.includes(stored) ? (stored as DigestLanguage) : 'en');

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The signed-in owner's or admin's own email digest (issue 13): subscribe, preview, send one now. */
export function DigestSection() {
  const [answer, setAnswer] = useState<SubscriptionAnswer | null>(null);
  const [form, setForm] = useState<Subscription>({ frequency: 'weekly', timeZone: browserZone(), language: 'en' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ subject: string; html: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const save = useSave();

  const load = () => {
    setLoadError(null);
    request(routes.digestSubscription).then(
      (a) => {
        setAnswer(a);
        if (a.subscription) setForm({ ...a.subscription, language: formLanguage(a.subscription.language) });
      },
      (err: Error) => setLoadError(err.message),
    );
  };
  useEffect(load, []);

  async function subscribe(e: Event) {
    e.preventDefault();
    await save.run(async () => setAnswer(await request(routes.subscribeDigest, { body: form })));
  }
  async function unsubscribe() {
    await save.run(async () => setAnswer(await request(routes.unsubscribeDigest)));
  }
  async function showPreview() {
    setMessage(null);
    try {
      setPreview(await request(routes.digestPreview, { query: { frequency: form.frequency, timeZone: form.timeZone, language: form.language } }));
    } catch (err) {
      setMessage((err as Error).message);
    }
  }
  async function sendNow() {
    setMessage(null);
    try {
      const sent = await request(routes.sendDigestNow, { body: form });
      setMessage(t('Sent to {email}.', { email: sent.sentTo }));
    } catch (err) {
      setMessage((err as Error).message);
    }
  }

  return (
    <Section id="digest" title={t('Email digest')} intro={t('Key figures against the period before, the worst comments, the agents and the worst SLA breaches, by email.')}>
      {!answer ? (
        <Loading error={loadError} onRetry={load} />
      ) : (
        <form class="settings-form" onSubmit={(e) => void subscribe(e)}>
          <p class="muted" role="status">
            {answer.subscription ? t('You get the {frequency} digest.', { frequency: answer.subscription.frequency === 'daily' ? t('daily') : t('weekly') }) : t('You get no digest.')}
          </p>
          <div class="form-grid">
            <Field label={t('How often')} error={save.errorFor('frequency')}>
              {(f) => (
                <select class="select" id={f.id} value={form.frequency} onChange={(e) => setForm({ ...form, frequency: e.currentTarget.value as Frequency })}>
                  <option value="daily">{t('daily')}</option>
                  <option value="weekly">{t('weekly')}</option>
                </select>
              )}
            </Field>
            <Field label={t('Time zone')} error={save.errorFor('timeZone')}>
              {(f) => <input class="input" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.timeZone} onInput={(e) => setForm({ ...form, timeZone: e.currentTarget.value })} />}
            </Field>
            <Field label={t('Language')} error={save.errorFor('language')}>
              {(f) => (
                <select class="select" id={f.id} value={form.language} onChange={(e) => setForm({ ...form, language: e.currentTarget.value as DigestLanguage })}>
                  <option value="en">English</option>
                  <option value="ru">Русский</option>
                  <option value="bg">Български</option>
                </select>
              )}
            </Field>
          </div>
          {!answer.emailConfigured && <p class="muted small">{t('Email needs SMTP_URL in the server’s environment.')}</p>}
          <div class="form-actions">
            <button type="submit" class="button button-primary">
              {answer.subscription ? t('Save digest') : t('Subscribe')}
            </button>
            {answer.subscription && (
              <button type="button" class="button" onClick={() => void unsubscribe()}>
                {t('Unsubscribe')}
              </button>
            )}
            <button type="button" class="button" onClick={() => void showPreview()}>
              {t('Preview')}
            </button>
            <button type="button" class="button" disabled={!answer.emailConfigured} onClick={() => void sendNow()}>
              {t('Send me one now')}
            </button>
            <SaveStatus state={save.state} />
          </div>
          {message && (
            <p class="muted" role="status">
              {message}
            </p>
          )}
          {preview && (
            <figure class="digest-preview">
              <figcaption>{preview.subject}</figcaption>
              <iframe title={t('Digest preview')} sandbox="allow-popups" srcdoc={preview.html} />
            </figure>
          )}
        </form>
      )}
    </Section>
  );
}
