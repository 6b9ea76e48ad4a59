import { useEffect, useState } from 'preact/hooks';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import type { RetentionView, VisitorBlockView } from '../../shared/privacy-schemas.ts';
import { dateLocale, t, tn } from './i18n.ts';
import { Field, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';

const dateTime = (iso: string) => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));

/** Retention of chats and the blocked visitors' list (issue 11). */
export function PrivacySection() {
  const [retention, setRetention] = useState<RetentionView | null>(null);
  const [blocks, setBlocks] = useState<VisitorBlockView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [days, setDays] = useState('');
  const save = useSave();
  const load = () => {
    setError(null);
    request(routes.retention).then(
      (r) => {
        setRetention(r);
        setDays(r.retentionDays === null ? '' : String(r.retentionDays));
      },
      (err: Error) => setError(err.message),
    );
    request(routes.visitorBlocks).then(
      (r) => setBlocks(r.blocks),
      (err: Error) => setError(err.message),
    );
  };
  useEffect(load, []);

  return (
    <Section id="privacy" title={t('Privacy')}>
      {!retention || !blocks ? (
        <Loading error={error} onRetry={load} />
      ) : (
        <>
          <form
            class="settings-form"
            onSubmit={async (e) => {
              e.preventDefault();
              const value = days.trim() === '' ? null : Number(days);
              await save.run(async () => setRetention(await request(routes.changeRetention, { body: { retentionDays: value } })));
            }}
          >
            <Field label={t('Keep chats for (days)')} hint={t('Empty: keep forever. Older closed chats are erased once a day.')} error={save.errorFor('retentionDays')}>
              {({ id, describedBy, invalid }) => (
                <input id={id} type="number" min={1} step={1} value={days} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => setDays(e.currentTarget.value)} />
              )}
            </Field>
            <p class="muted small" data-testid="retention-status">
              {retention.nextRunAt && <span>{t('Next run: {date}', { date: dateTime(retention.nextRunAt) })}. </span>}
              {retention.lastRun ? tn('one: Last run: {date}, {count} chat erased | other: Last run: {date}, {count} chats erased', retention.lastRun.chats, { date: dateTime(retention.lastRun.at) }) : t('Not run yet')}
            </p>
            <button type="submit" class="button">
              {t('Save retention')}
            </button>{' '}
            <SaveStatus state={save.state} />
          </form>

          <h3 class="panel-heading">{t('Blocked visitors')}</h3>
          {blocks.length === 0 ? (
            <p class="muted">{t('No blocked visitors.')}</p>
          ) : (
            <table class="settings-table">
              <thead>
                <tr>
                  <th>{t('Visitor')}</th>
                  <th>{t('Reason')}</th>
                  <th>{t('Attempts')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {blocks.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <code>{b.visitorId}</code>
                      {b.ip && <span class="muted small"> · {b.ip}</span>}
                      <div class="muted small">{dateTime(b.createdAt)}</div>
                    </td>
                    <td>{b.reason}</td>
                    <td>{b.attempts}</td>
                    <td>
                      <button
                        type="button"
                        class="button"
                        onClick={async () => {
                          try {
                            await request(routes.removeVisitorBlock, { params: { id: b.id } });
                            setBlocks(blocks.filter((x) => x.id !== b.id));
                          } catch (err) {
                            setError((err as Error).message);
                          }
                        }}
                      >
                        {t('Lift block')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {error && (
            <p class="form-error" role="alert">
              {t('Failed: {reason}', { reason: error })}
            </p>
          )}
        </>
      )}
    </Section>
  );
}
