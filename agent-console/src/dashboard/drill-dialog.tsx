import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { dateLocale, t, tn } from '../i18n.ts';
import { visitorLabel } from '../inbox-state.ts';
import { ReadOnlyTranscript, useReadOnlyChat } from '../read-only-chat.tsx';
import { SlaClock } from '../sla-clock.tsx';
import { drillQueries, drillTitles, durationKeys, type Drill } from './drill.ts';
import { formatDuration, formatRate } from './format.ts';
import { fetchChatsBehind, type ChatBehind, type NamedOption } from './metrics-api.ts';
import { useRequest } from './use-request.ts';
import { ChatReviews } from '../reviews/chat-reviews.tsx';

/** Rows fetched at most (the API's cap); a larger figure says so. */
const FETCHED = 10_000;
const PAGE = 25;

type Column = 'startedAt' | 'agent' | 'visitor' | 'value';

/**
 * The chats behind a figure, sortable and paged, and one of them read-only: its transcript,
 * notes, tags, ratings and SLA clocks. A modal dialog over the dashboard.
 */
export function DrillDialog(props: {
  drill: Drill;
  viewParams: URLSearchParams;
  tz: string;
  agents: NamedOption[];
  onChange: (drill: Drill | null) => void;
}) {
  const { drill } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  const close = () => props.onChange(null);
  const queries = drillQueries(props.viewParams, { ...drill, chat: undefined }, FETCHED);
  // A heatmap cell is several buckets: their lists, one after the other (each in start order).
  const listing = useRequest(queries.join(' '), async (s) => {
    const answers = await Promise.all(queries.map((q) => fetchChatsBehind(q, s)));
    return { total: answers.reduce((sum, a) => sum + a.total, 0), chats: answers.flatMap((a) => a.chats) };
  });
  const agentName = (id: string | null) => (id === null ? t('No agent') : (props.agents.find((a) => a.id === id)?.name ?? id));
  const when = useMemo(
    () => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: props.tz }),
    [props.tz],
  );
  const title = t('Chats behind {figure}', { figure: t(drillTitles[drill.key]) });
  return (
    <dialog
      ref={dialog}
      class="dialog dialog-wide drill-dialog"
      aria-labelledby="drill-title"
      onCancel={(e) => {
        e.preventDefault();
        if (drill.chat) props.onChange({ ...drill, chat: undefined });
        else close();
      }}
    >
      <div class="dialog-body">
        <h2 id="drill-title" class="dialog-title">
          {title}
        </h2>
        <p class="muted small">
          {[
            drill.from && drill.to ? `${when.format(Date.parse(drill.from))} – ${when.format(Date.parse(drill.to))}` : null,
            drill.buckets ? drill.buckets.map((b) => when.format(Date.parse(b.split('/')[0]!))).join(', ') : null,
            drill.agent ? agentName(drill.agent) : null,
            props.tz,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        {drill.chat ? (
          <DrillChat
            chatId={drill.chat}
            when={when}
            agentName={agentName}
            onBack={() => props.onChange({ ...drill, chat: undefined })}
          />
        ) : listing.error ? (
          <p class="dash-error" role="alert">
            {listing.error}
          </p>
        ) : !listing.data ? (
          <p class="muted">{t('Loading…')}</p>
        ) : (
          <DrillList
            drill={drill}
            chats={listing.data.chats}
            total={listing.data.total}
            when={when}
            agentName={agentName}
            onOpen={(chatId) => props.onChange({ ...drill, chat: chatId })}
          />
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={close}>
            {t('Close')}
          </button>
        </div>
      </div>
    </dialog>
  );
}

/** The chats behind a figure carry the visitor's id only (METRICS.md §3): the label of an anonymous visitor. */
const visitorOf = (c: ChatBehind) => visitorLabel({ visitorId: c.visitorId, visitorName: null, visitorEmail: null });

function valueText(drill: Drill, value: ChatBehind['value']): string {
  if (typeof value === 'boolean') return value ? t('Resolved first time') : t('Came back');
  if (typeof value === 'number' && durationKeys.includes(drill.key)) return formatDuration(value);
  if (typeof value === 'number' && drill.key === 'iqs') return formatRate(value);
  return '';
}

function DrillList(props: {
  drill: Drill;
  chats: ChatBehind[];
  total: number;
  when: Intl.DateTimeFormat;
  agentName: (id: string | null) => string;
  onOpen: (chatId: string) => void;
}) {
  const { drill, chats } = props;
  // IQS lists reviews, not chats: a chat reviewed twice is two rows, in the order the reviews were made.
  const reviews = drill.key === 'iqs';
  const hasValue = durationKeys.includes(drill.key) || drill.key === 'fcr' || reviews;
  const [sort, setSort] = useState<{ column: Column; descending: boolean } | null>(
    reviews ? null : { column: 'startedAt', descending: false },
  );
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    if (!sort) return chats;
    const key = (c: ChatBehind): string | number =>
      sort.column === 'startedAt'
        ? c.startedAt
        : sort.column === 'agent'
          ? props.agentName(c.agentId)
          : sort.column === 'visitor'
            ? visitorOf(c)
            : Number(c.value);
    const sign = sort.descending ? -1 : 1;
    return chats
      .map((c, index) => ({ c, index, k: key(c) }))
      .sort((a, b) => {
        const order = typeof a.k === 'number' ? a.k - (b.k as number) : a.k.localeCompare(String(b.k));
        return order === 0 ? a.index - b.index : sign * order;
      })
      .map((x) => x.c);
  }, [chats, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  const shown = sorted.slice(page * PAGE, page * PAGE + PAGE);
  const columns: [Column, string][] = [
    ['startedAt', t('Started')],
    ['agent', t('Agent')],
    ['visitor', t('Visitor')],
    ...(hasValue ? ([['value', reviews ? t('Score') : t(drillTitles[drill.key])]] as [Column, string][]) : []),
  ];
  if (props.total === 0) return <p class="panel-placeholder">{t('No chats in this range.')}</p>;
  return (
    <>
      <p class="drill-count">
        {reviews ? tn('one: {count} review | other: {count} reviews', props.total) : tn('one: {count} chat | other: {count} chats', props.total)}
        {props.total > chats.length && ` · ${t('showing the first {count}', { count: chats.length })}`}
      </p>
      <div class="table-scroll">
        <table class="agent-table drill-table">
          <thead>
            <tr>
              {columns.map(([id, label]) => (
                <th key={id} scope="col" aria-sort={sort?.column === id ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                  <button
                    type="button"
                    class="sort-button"
                    onClick={() => {
                      setSort({ column: id, descending: sort?.column === id ? !sort.descending : false });
                      setPage(0);
                    }}
                  >
                    {label}
                    <span class="sort-mark" aria-hidden="true">
                      {sort?.column === id ? (sort.descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((c, k) => {
              const date = props.when.format(Date.parse(c.startedAt));
              return (
                <tr key={reviews ? page * PAGE + k : c.chatId}>
                  <th scope="row">
                    <button type="button" class="link-button" aria-label={t('Read the chat of {date}', { date })} onClick={() => props.onOpen(c.chatId)}>
                      {date}
                    </button>
                  </th>
                  <td>{props.agentName(c.agentId)}</td>
                  <td>{visitorOf(c)}</td>
                  {hasValue && <td class="num">{valueText(drill, c.value)}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav class="drill-pages" aria-label={t('Pages')}>
          <button type="button" class="button button-small" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('Previous')}
          </button>
          <span>{t('Page {page} of {pages}', { page: page + 1, pages })}</span>
          <button type="button" class="button button-small" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            {t('Next')}
          </button>
        </nav>
      )}
    </>
  );
}

/** One chat, read only. */
function DrillChat(props: {
  chatId: string;
  when: Intl.DateTimeFormat;
  agentName: (id: string | null) => string;
  onBack: () => void;
}) {
  const { detail, error, surveys } = useReadOnlyChat(props.chatId);
  const chat = detail?.chat;
  return (
    <section class="drill-chat" aria-label={t('Transcript')}>
      <button type="button" class="button button-small" onClick={props.onBack}>
        <span aria-hidden="true">← </span>
        {t('Back to the list')}
      </button>
      {error && (
        <p class="form-error" role="alert">
          {t('Could not load this chat: {reason}', { reason: error })}
        </p>
      )}
      {!detail && !error && <p class="muted">{t('Loading the conversation…')}</p>}
      {chat && (
        <>
          <h3 class="panel-heading">{t('Chat of {date}', { date: props.when.format(chat.startedAt) })}</h3>
          <p class="muted small">
            {chat.agent ? t('With {name}', { name: chat.agent.name }) : t('No agent')} · {visitorLabel(chat)} · {t('Read only')}
          </p>
          <p class="drill-tags">
            {t('Tags')}: {chat.tags.length ? chat.tags.map((tag) => <span key={tag} class="tag-chip">{tag}</span>) : '—'}
          </p>
          <SlaClock chat={chat} now={chat.closedAt ?? Date.now()} />
          <ReadOnlyTranscript detail={detail} surveys={surveys} visitorName={visitorLabel(chat)} />
          {/* Only admins and owners see the dashboard: everyone here may review the chat. */}
          <ChatReviews chatId={props.chatId} />
        </>
      )}
    </section>
  );
}
