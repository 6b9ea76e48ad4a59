import { useEffect, useState } from 'preact/hooks';
import type { LiveVisitor } from '../../shared/protocol.ts';
import { newId } from '../../shared/ids.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';
import { visitorLabel } from './inbox-state.ts';
import { navigate } from './router.tsx';
import { useNow } from './waiting-time.ts';

/** Minutes and seconds on the site: "12:05", or hours first past an hour. */
function onSite(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h > 0 ? `${h}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}` : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/** The visitor as the inbox names them: "Ann", their email, or "Visitor 3A2C". */
function visitorName(v: LiveVisitor): string {
  return visitorLabel({ visitorName: v.name, visitorEmail: v.email, visitorId: v.visitorId });
}

/** A country's name in the console's language, from its ISO code. */
function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(document.documentElement.lang || undefined, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Who is on the site now (README "Visitors now"): the list is asked for once (and again after a
 * reconnect); then each change comes as one row over the console's socket, from any node.
 */
export function VisitorsPage() {
  const store = useInboxStore();
  const now = useNow();
  const [visitors, setVisitors] = useState<Map<string, LiveVisitor>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [writingTo, setWritingTo] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      request(routes.liveVisitors).then(
        (answer) => setVisitors(new Map(answer.visitors.map((v) => [v.visitorId, v]))),
        (err: Error) => setError(err.message),
      );
    void load();
    return store.onVisitorsNow({
      live: (v) => setVisitors((all) => new Map(all).set(v.visitorId, v)),
      gone: (id) =>
        setVisitors((all) => {
          const next = new Map(all);
          next.delete(id);
          return next;
        }),
      connected: () => void load(),
    });
  }, [store]);

  const rows = [...visitors.values()].sort((a, b) => a.visitStartedAt - b.visitStartedAt || a.visitorId.localeCompare(b.visitorId));
  return (
    <main class="page">
      <div class="page-body visitors-page">
        <h1 class="page-title">{t('Visitors')}</h1>
        <p class="muted" role="status">
          {t('{count} on the site now', { count: rows.length })}
        </p>
        {error && (
          <p class="form-error" role="alert">
            {t('Could not load the visitors: {reason}', { reason: error })}
          </p>
        )}
        <table class="settings-table visitors-table stacked-table" role="table">
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">{t('Visitor')}</th>
              <th scope="col" role="columnheader">{t('Page')}</th>
              <th scope="col" role="columnheader">{t('Time on site')}</th>
              <th scope="col" role="columnheader">{t('Pages')}</th>
              <th scope="col" role="columnheader">{t('New or returning')}</th>
              <th scope="col" role="columnheader">{t('Country')}</th>
              <th scope="col" role="columnheader">{t('Chat')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {rows.map((v) => (
              <tr role="row" key={v.visitorId}>
                <th scope="row" role="rowheader">{visitorName(v)}</th>
                <td role="cell" data-label={t('Page')}>
                  <span class="visitor-page-title">{v.title ?? v.url ?? '—'}</span>
                  {v.url && v.title && <span class="muted small visitor-page-url">{v.url}</span>}
                </td>
                <td role="cell" data-label={t('Time on site')}>{onSite(now - v.visitStartedAt)}</td>
                <td role="cell" data-label={t('Pages')}>{v.pagesThisVisit}</td>
                <td role="cell" data-label={t('New or returning')}>{v.returning ? t('Returning') : t('New')}</td>
                <td role="cell" data-label={t('Country')}>{v.country ? countryName(v.country) : '—'}</td>
                <td role="cell" data-label={v.chatId ? t('Chat') : undefined}>
                  {v.chatId ? (
                    t('Chatting')
                  ) : writingTo === v.visitorId ? (
                    <StartChatForm visitor={v} onDone={() => setWritingTo(null)} />
                  ) : (
                    <button type="button" class="button" onClick={() => setWritingTo(v.visitorId)} aria-label={t('Start chat with {name}', { name: visitorName(v) })}>
                      {t('Start chat')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}

/** The agent's first message; once sent the chat is theirs, open in the inbox. */
function StartChatForm({ visitor, onDone }: { visitor: LiveVisitor; onDone: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [id] = useState(() => newId('m_'));
  return (
    <form
      class="start-chat-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          const { chatId } = await request(routes.startChat, { params: { visitorId: visitor.visitorId }, body: { id, text } });
          onDone();
          navigate(`inbox?chat=${encodeURIComponent(chatId)}`);
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <label>
        <span class="visually-hidden">{t('First message to {name}', { name: visitorName(visitor) })}</span>
        <textarea
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          rows={2}
          maxLength={5000}
          required
          autoFocus
          placeholder={t('Your first message…')}
        />
      </label>
      <button type="submit" class="button button-primary">
        {t('Send')}
      </button>
      <button type="button" class="button" onClick={onDone}>
        {t('Cancel')}
      </button>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
