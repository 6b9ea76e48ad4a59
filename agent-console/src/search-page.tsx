import { useEffect, useState } from 'preact/hooks';
import type { Department, PastChat, TeamMember } from '../../shared/protocol.ts';
import { snippetParts } from '../../shared/search-snippet.ts';
import { request } from './console-api.ts';
import { routes, type FoundChat } from '../../shared/api-routes.ts';
import type { RouteInput } from '../../shared/api-route.ts';
import { dateLocale, t, tn } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';
import { visitorLabel } from './inbox-state.ts';
import { TranscriptDialog } from './transcript-dialog.tsx';

/** One chat found (GET /api/search). */

interface Filters {
  q: string;
  from: string;
  to: string;
  agent: string;
  department: string;
  tag: string;
  channel: string;
  status: string;
}

const NO_FILTERS: Filters = { q: '', from: '', to: '', agent: '', department: '', tag: '', channel: '', status: '' };
const PAGE = 20;

/** The query string of a search: the filters that are set. */
/** The filters given (an empty one is no filter), as GET /api/search takes them. */
function searchQuery(f: Filters, offset: number): RouteInput<typeof routes.search>['query'] {
  const given = Object.fromEntries(Object.entries(f).filter(([, value]) => value.trim()).map(([key, value]) => [key, value.trim()]));
  return { ...given, q: f.q.trim(), limit: PAGE, ...(offset ? { offset } : {}) } as RouteInput<typeof routes.search>['query'];
}

/** A snippet with its matches as <mark> elements: text nodes only, never HTML. */
function Snippet({ text }: { text: string }) {
  return (
    <span class="search-snippet">
      {snippetParts(text).map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : part.text))}
    </span>
  );
}

/**
 * Search every chat the agent may see (README "Search"): words, filters, ranked results with
 * the matching words marked. A result opens its transcript (Enter or click).
 */
export function SearchPage() {
  const store = useInboxStore();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [team, setTeam] = useState<{ agents: TeamMember[]; departments: Department[] }>({ agents: [], departments: [] });
  const [result, setResult] = useState<{ total: number; totalCapped: boolean; chats: FoundChat[]; offset: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reading, setReading] = useState<FoundChat | null>(null);

  useEffect(() => {
    store.team().then(setTeam, () => undefined);
  }, []);

  const set = (key: keyof Filters) => (e: Event) => setFilters({ ...filters, [key]: (e.currentTarget as HTMLInputElement).value });

  async function run(offset = 0) {
    // Results stay only under the search that found them: no words, or a search that failed, shows none.
    setError(null);
    if (!filters.q.trim()) {
      setResult(null);
      return;
    }
    setBusy(true);
    try {
      const found = await request(routes.search, { query: searchQuery(filters, offset) });
      setResult({ ...found, offset });
    } catch (err) {
      setResult(null);
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const agentName = (id: string | null) => (id ? (team.agents.find((a) => a.id === id)?.name ?? id) : t('No agent'));
  const when = (iso: string) => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const past = (c: FoundChat): PastChat => ({ id: c.chatId, startedAt: Date.parse(c.startedAt), closedAt: null, channel: 'widget', agent: null, messageCount: 0 });

  return (
    <main class="page">
      <div class="page-body search-page">
        <h1 class="page-title">{t('Search')}</h1>
        <form
          class="search-form"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            void run(0);
          }}
        >
          <label class="search-words">
            <span>{t('Search chats')}</span>
            <input type="search" value={filters.q} onInput={set('q')} maxLength={500} required placeholder={t('Words from messages, notes, names, emails or tags')} />
          </label>
          <div class="search-filters">
            <label>
              <span>{t('From')}</span>
              <input type="date" value={filters.from} onInput={set('from')} />
            </label>
            <label>
              <span>{t('To')}</span>
              <input type="date" value={filters.to} onInput={set('to')} />
            </label>
            <label>
              <span>{t('Agent')}</span>
              <select value={filters.agent} onChange={set('agent')}>
                <option value="">{t('Any')}</option>
                {team.agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('Department')}</span>
              <select value={filters.department} onChange={set('department')}>
                <option value="">{t('Any')}</option>
                {team.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('Tag')}</span>
              <input type="text" value={filters.tag} onInput={set('tag')} maxLength={200} />
            </label>
            <label>
              <span>{t('Channel')}</span>
              <select value={filters.channel} onChange={set('channel')}>
                <option value="">{t('Any')}</option>
                <option value="widget">{t('Live chat')}</option>
                <option value="offline">{t('Offline message')}</option>
              </select>
            </label>
            <label>
              <span>{t('Status')}</span>
              <select value={filters.status} onChange={set('status')}>
                <option value="">{t('Any')}</option>
                <option value="open">{t('Open')}</option>
                <option value="closed">{t('Closed')}</option>
              </select>
            </label>
          </div>
          <button type="submit" class="button button-primary" disabled={busy}>
            {t('Search')}
          </button>
        </form>
        {error && (
          <p class="form-error" role="alert">
            {t('Could not search: {reason}', { reason: error })}
          </p>
        )}
        {result && (
          <section aria-label={t('Search results')}>
            <p class="muted" role="status">
              {result.totalCapped
                ? t('At least {count} chats found (the newest matches; narrow the filters to reach older ones)', { count: result.total })
                : tn('one: {count} chat found | other: {count} chats found', result.total)}
            </p>
            <ul class="search-results">
              {result.chats.map((c) => (
                <li key={c.chatId}>
                  <button type="button" class="search-result" onClick={() => setReading(c)}>
                    <span class="search-result-head">
                      <strong>{visitorLabel(c)}</strong> · {when(c.startedAt)} · {agentName(c.agentId)}
                    </span>
                    <Snippet text={c.snippet} />
                  </button>
                </li>
              ))}
            </ul>
            <div class="search-pages">
              {result.offset > 0 && (
                <button type="button" class="button" onClick={() => void run(Math.max(0, result.offset - PAGE))}>
                  {t('Previous')}
                </button>
              )}
              {result.offset + result.chats.length < result.total && (
                <button type="button" class="button" onClick={() => void run(result.offset + PAGE)}>
                  {t('Next')}
                </button>
              )}
            </div>
          </section>
        )}
        {reading && <TranscriptDialog past={past(reading)} visitorName={reading.visitorName} onClose={() => setReading(null)} />}
      </div>
    </main>
  );
}
