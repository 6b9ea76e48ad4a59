import { Fragment } from 'preact';
import type { ChatSummary, VisitorContext } from '../../shared/protocol.ts';
import { describeBrowser } from './describe-browser.ts';
import { useNow } from './waiting-time.ts';

function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames(undefined, { type: 'language' }).of(locale);
    return name && name !== locale ? `${name} · ${locale}` : locale;
  } catch {
    return locale;
  }
}

function localTime(timeZone: string, now: number): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone, hour: '2-digit', minute: '2-digit' }).format(now);
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

export function VisitorPanel({ chat, visitor }: { chat: ChatSummary; visitor: VisitorContext | null }) {
  const now = useNow(30_000);
  const name = visitor?.name ?? chat.visitorName;
  const email = visitor?.email ?? chat.visitorEmail;
  const page = visitor?.currentUrl ?? null;
  const link = page ? webUrl(page) : null;
  const time = visitor?.timeZone ? localTime(visitor.timeZone, now) : null;
  const browser = describeBrowser(visitor?.userAgent ?? null);
  return (
    <aside class="visitor-panel" aria-labelledby="visitor-heading">
      <h2 id="visitor-heading" class="panel-heading">
        Visitor
      </h2>
      <dl class="facts">
        <dt>Name</dt>
        <dd>
          {name ?? <span class="muted">Not given</span>}
          {visitor?.verified && (
            <span class="badge badge-verified" title="Identity confirmed by the site's signature">
              Verified
            </span>
          )}
        </dd>
        <dt>Email</dt>
        <dd>{email ?? <span class="muted">Not given</span>}</dd>
        <dt>Current page</dt>
        <dd class="fact-url">
          {page ? (
            link ? (
              <a href={link} target="_blank" rel="noopener noreferrer">
                {page}
              </a>
            ) : (
              page
            )
          ) : (
            <span class="muted">Unknown</span>
          )}
        </dd>
        <dt>Language</dt>
        <dd>{visitor?.locale ? languageName(visitor.locale) : <span class="muted">Unknown</span>}</dd>
        <dt>Time zone</dt>
        <dd>
          {visitor?.timeZone ? (
            <>
              {visitor.timeZone}
              {time && <span class="muted"> · {time} there</span>}
            </>
          ) : (
            <span class="muted">Unknown</span>
          )}
        </dd>
        <dt>Browser</dt>
        <dd>{browser ?? <span class="muted">Unknown</span>}</dd>
        <dt>Channel</dt>
        <dd>{chat.channel === 'offline' ? 'Offline form' : 'Live chat'}</dd>
        {visitor &&
          Object.entries(visitor.attributes).map(([key, value]) => (
            <Fragment key={key}>
              <dt>{key}</dt>
              <dd>{value === null ? <span class="muted">none</span> : String(value)}</dd>
            </Fragment>
          ))}
        <dt>Started</dt>
        <dd>{new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(chat.startedAt)}</dd>
      </dl>
    </aside>
  );
}
