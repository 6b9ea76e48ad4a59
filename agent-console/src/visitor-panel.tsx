import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { ChatSummary, PastChat, SurveyRecordView } from '../../shared/protocol.ts';
import { describeBrowser } from './describe-browser.ts';
import { dateLocale, t, tn } from './i18n.ts';
import type { ChatThread } from './inbox-state.ts';
import { RatingList, scoreText, scoreTone, surveyName } from './ratings.tsx';
import { TranscriptDialog } from './transcript-dialog.tsx';
import { useChatSurveys } from './read-only-chat.tsx';
import { useNow } from './waiting-time.ts';
import { VisitorPrivacyActions } from './visitor-privacy-actions.tsx';

function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames(dateLocale(), { type: 'language' }).of(locale);
    return name && name !== locale ? `${name} · ${locale}` : locale;
  } catch {
    return locale;
  }
}

function localTime(timeZone: string, now: number): string | null {
  try {
    return new Intl.DateTimeFormat(dateLocale(), { timeZone, hour: '2-digit', minute: '2-digit' }).format(now);
  } catch {
    return null;
  }
}

/** Only web addresses become links; anything else a visitor's browser reported stays text. */
function webUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function PageLink({ url, text }: { url: string; text?: string }) {
  const link = webUrl(url);
  return link ? (
    <a href={link} target="_blank" rel="noopener noreferrer">
      {text ?? url}
    </a>
  ) : (
    <>{text ?? url}</>
  );
}

const dateTime = (at: number) => new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(at);

/** Earlier chats listed before "Show all". */
const PAST_CHATS_SHOWN = 5;
/** Pages listed before "Show all". */
const PAGES_SHOWN = 8;

export function VisitorPanel(props: { chat: ChatSummary; thread: ChatThread | null; surveys: SurveyRecordView[] | null }) {
  const { chat, thread } = props;
  const visitor = thread?.visitor ?? null;
  const now = useNow(30_000);
  const [allPages, setAllPages] = useState(false);
  const [allPast, setAllPast] = useState(false);
  const name = visitor?.name ?? chat.visitorName;
  const email = visitor?.email ?? chat.visitorEmail;
  const page = visitor?.currentUrl ?? null;
  const time = visitor?.timeZone ? localTime(visitor.timeZone, now) : null;
  const browser = describeBrowser(visitor?.userAgent ?? null);
  const pages = thread?.pages ?? [];
  const past = thread?.pastChats ?? [];
  return (
    <aside class="visitor-panel" aria-labelledby="visitor-heading">
      <h2 id="visitor-heading" class="panel-heading">
        {t('Visitor')}
      </h2>
      <dl class="facts">
        <dt>{t('Name')}</dt>
        <dd>
          {name ?? <span class="muted">{t('Not given')}</span>}
          {visitor?.verified && (
            <span class="badge badge-verified" title={t('Identity confirmed by the site’s signature')}>
              {t('Verified')}
              {visitor.externalId ? `: ${visitor.externalId}` : ''}
            </span>
          )}
        </dd>
        <dt>{t('Email')}</dt>
        <dd>{email ?? <span class="muted">{t('Not given')}</span>}</dd>
        <dt>{t('Current page')}</dt>
        <dd class="fact-url">{page ? <PageLink url={page} /> : <span class="muted">{t('Unknown')}</span>}</dd>
        <dt>{t('Language')}</dt>
        <dd>{visitor?.locale ? languageName(visitor.locale) : <span class="muted">{t('Unknown')}</span>}</dd>
        <dt>{t('Time zone')}</dt>
        <dd>
          {visitor?.timeZone ? (
            <>
              {visitor.timeZone}
              {time && <span class="muted"> · {t('{time} there', { time })}</span>}
            </>
          ) : (
            <span class="muted">{t('Unknown')}</span>
          )}
        </dd>
        <dt>{t('Browser')}</dt>
        <dd>{browser ?? <span class="muted">{t('Unknown')}</span>}</dd>
        <dt>{t('Channel')}</dt>
        <dd>{chat.channel === 'offline' ? t('Offline form') : t('Live chat')}</dd>
        {visitor &&
          Object.entries(visitor.attributes).map(([key, value]) => (
            <Fragment key={key}>
              <dt>{key}</dt>
              <dd>{value === null ? <span class="muted">{t('none')}</span> : String(value)}</dd>
            </Fragment>
          ))}
        <dt>{t('Started')}</dt>
        <dd>{dateTime(chat.startedAt)}</dd>
      </dl>
      <VisitorPrivacyActions chat={chat} visitorId={visitor?.id ?? chat.visitorId} />

      <section aria-labelledby="ratings-heading">
        <h3 id="ratings-heading" class="panel-heading">
          {t('Ratings of this chat')}
        </h3>
        <RatingList surveys={props.surveys ?? []} />
      </section>

      <section aria-labelledby="pages-heading">
        <h3 id="pages-heading" class="panel-heading">
          {t('Pages seen')} <span class="count">{pages.length}</span>
        </h3>
        {pages.length === 0 ? (
          <p class="muted small">{t('No page views recorded.')}</p>
        ) : (
          <ol class="pages-seen">
            {(allPages ? pages : pages.slice(0, PAGES_SHOWN)).map((p, i) => (
              <li key={`${p.at}-${i}`}>
                <span class="seen-title fact-url">
                  <PageLink url={p.url} text={p.title || p.url} />
                </span>
                <time class="muted small" dateTime={new Date(p.at).toISOString()}>
                  {dateTime(p.at)}
                </time>
              </li>
            ))}
          </ol>
        )}
        {pages.length > PAGES_SHOWN && !allPages && (
          <button type="button" class="link-button small" onClick={() => setAllPages(true)}>
            {t('Show all {count}', { count: pages.length })}
          </button>
        )}
      </section>

      <section aria-labelledby="past-heading">
        <h3 id="past-heading" class="panel-heading">
          {t('Earlier chats')} <span class="count">{past.length}</span>
        </h3>
        {past.length === 0 ? (
          <p class="muted small">{t('No earlier chats.')}</p>
        ) : (
          <ul class="past-chats">
            {(allPast ? past : past.slice(0, PAST_CHATS_SHOWN)).map((p) => (
              <PastChatItem key={p.id} past={p} visitorName={name} />
            ))}
          </ul>
        )}
        {past.length > PAST_CHATS_SHOWN && !allPast && (
          <button type="button" class="link-button small" onClick={() => setAllPast(true)}>
            {t('Show all {count}', { count: past.length })}
          </button>
        )}
      </section>
    </aside>
  );
}

function PastChatItem({ past, visitorName }: { past: PastChat; visitorName: string | null }) {
  // Without ratings the earlier chat is still listed and readable.
  const surveys = useChatSurveys(past.id).surveys ?? [];
  const [reading, setReading] = useState(false);
  const answered = surveys.filter((s) => s.status === 'answered' && s.score !== null);
  const when = dateTime(past.startedAt);
  return (
    <li class="past-chat">
      <button type="button" class="past-chat-open" aria-label={t('Read the chat of {date}', { date: when })} onClick={() => setReading(true)}>
        <span class="past-chat-date">{when}</span>
        <span class="muted small">
          {[
            past.agent ? past.agent.name : t('No agent'),
            tn('one: {count} message | other: {count} messages', past.messageCount),
            past.channel === 'offline' ? t('Offline message') : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </button>
      {answered.length > 0 && (
        <span class="past-chat-ratings">
          {answered.map((s) => (
            <span key={s.id} class={`rating-chip tone-${scoreTone(s)}`} title={s.comment ?? undefined}>
              {s.kind.toUpperCase()} {scoreText(s)}
              <span class="visually-hidden"> {surveyName(s.kind)}</span>
            </span>
          ))}
        </span>
      )}
      {reading && <TranscriptDialog past={past} visitorName={visitorName} onClose={() => setReading(false)} />}
    </li>
  );
}
