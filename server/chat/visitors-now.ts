import type { Sql } from '../store/sql.ts';
import type { LiveVisitor } from '../../shared/protocol.ts';
import { liveVisitorRows, recentPageViews } from '../store/visitors-live.ts';

/** A visit ends after this long without a page view (the usual web-analytics session). */
export const VISIT_GAP_MS = 30 * 60 * 1000;
/** How far back a visit's pages are read. */
const VISIT_LOOKBACK_MS = 24 * 3600 * 1000;

/**
 * The country of a time zone: the common zones of each inhabited region, not the whole IANA
 * list. A guess (a VPN, a traveller's laptop), shown as such.
 */
const ZONE_COUNTRY: Record<string, string> = {
  'Europe/London': 'GB', 'Europe/Dublin': 'IE', 'Europe/Lisbon': 'PT', 'Europe/Madrid': 'ES', 'Europe/Paris': 'FR',
  'Europe/Brussels': 'BE', 'Europe/Amsterdam': 'NL', 'Europe/Luxembourg': 'LU', 'Europe/Berlin': 'DE', 'Europe/Zurich': 'CH',
  'Europe/Vienna': 'AT', 'Europe/Rome': 'IT', 'Europe/Prague': 'CZ', 'Europe/Warsaw': 'PL', 'Europe/Budapest': 'HU',
  'Europe/Copenhagen': 'DK', 'Europe/Stockholm': 'SE', 'Europe/Oslo': 'NO', 'Europe/Helsinki': 'FI', 'Europe/Tallinn': 'EE',
  'Europe/Riga': 'LV', 'Europe/Vilnius': 'LT', 'Europe/Athens': 'GR', 'Europe/Sofia': 'BG', 'Europe/Bucharest': 'RO',
  'Europe/Belgrade': 'RS', 'Europe/Zagreb': 'HR', 'Europe/Ljubljana': 'SI', 'Europe/Bratislava': 'SK', 'Europe/Kyiv': 'UA',
  'Europe/Kiev': 'UA', 'Europe/Minsk': 'BY', 'Europe/Moscow': 'RU', 'Europe/Istanbul': 'TR', 'Europe/Chisinau': 'MD',
  'Europe/Skopje': 'MK', 'Europe/Sarajevo': 'BA', 'Europe/Tirane': 'AL', 'Atlantic/Reykjavik': 'IS',
  'America/New_York': 'US', 'America/Chicago': 'US', 'America/Denver': 'US', 'America/Phoenix': 'US',
  'America/Los_Angeles': 'US', 'America/Anchorage': 'US', 'Pacific/Honolulu': 'US', 'America/Detroit': 'US',
  'America/Toronto': 'CA', 'America/Vancouver': 'CA', 'America/Edmonton': 'CA', 'America/Winnipeg': 'CA', 'America/Halifax': 'CA',
  'America/Mexico_City': 'MX', 'America/Bogota': 'CO', 'America/Lima': 'PE', 'America/Santiago': 'CL',
  'America/Argentina/Buenos_Aires': 'AR', 'America/Sao_Paulo': 'BR', 'America/Caracas': 'VE', 'America/Montevideo': 'UY',
  'Asia/Tokyo': 'JP', 'Asia/Seoul': 'KR', 'Asia/Shanghai': 'CN', 'Asia/Hong_Kong': 'HK', 'Asia/Taipei': 'TW',
  'Asia/Singapore': 'SG', 'Asia/Kolkata': 'IN', 'Asia/Calcutta': 'IN', 'Asia/Dubai': 'AE', 'Asia/Jerusalem': 'IL',
  'Asia/Tel_Aviv': 'IL', 'Asia/Bangkok': 'TH', 'Asia/Jakarta': 'ID', 'Asia/Manila': 'PH', 'Asia/Kuala_Lumpur': 'MY',
  'Asia/Ho_Chi_Minh': 'VN', 'Asia/Karachi': 'PK', 'Asia/Dhaka': 'BD', 'Asia/Tehran': 'IR', 'Asia/Riyadh': 'SA',
  'Asia/Almaty': 'KZ', 'Asia/Tbilisi': 'GE', 'Asia/Yerevan': 'AM', 'Asia/Baku': 'AZ', 'Asia/Tashkent': 'UZ',
  'Australia/Sydney': 'AU', 'Australia/Melbourne': 'AU', 'Australia/Brisbane': 'AU', 'Australia/Perth': 'AU',
  'Australia/Adelaide': 'AU', 'Pacific/Auckland': 'NZ', 'Africa/Cairo': 'EG', 'Africa/Johannesburg': 'ZA',
  'Africa/Lagos': 'NG', 'Africa/Nairobi': 'KE', 'Africa/Casablanca': 'MA', 'Africa/Algiers': 'DZ', 'Africa/Tunis': 'TN',
};

/** A country guessed from what the widget reports: the time zone, else the language's region (`pt-BR`). */
export function guessCountry(timeZone: string | null, locale: string | null): string | null {
  if (timeZone && ZONE_COUNTRY[timeZone]) return ZONE_COUNTRY[timeZone]!;
  const region = locale ? /^[a-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2})\b/i.exec(locale)?.[1] : undefined;
  return region ? region.toUpperCase() : null;
}

/** Who is on the site now (every node's sockets), or the one visitor when given and connected. */
export async function liveVisitors(db: Sql, aliveSince: number, now: number, visitorId: string | null = null): Promise<LiveVisitor[]> {
  const rows = await liveVisitorRows(db, aliveSince, visitorId);
  const views = await recentPageViews(db, rows.map((r) => r.id), now - VISIT_LOOKBACK_MS);
  const byVisitor = new Map<string, typeof views>();
  for (const v of views) byVisitor.set(v.visitor_id, [...(byVisitor.get(v.visitor_id) ?? []), v]);
  return rows.map((r) => {
    const pages = byVisitor.get(r.id) ?? [];
    // This visit: the pages after the last gap of 30 minutes.
    let first = 0;
    for (let i = 1; i < pages.length; i++) if (pages[i]!.at - pages[i - 1]!.at >= VISIT_GAP_MS) first = i;
    const visit = pages.slice(first);
    const last = visit[visit.length - 1];
    const visitStartedAt = visit[0]?.at ?? r.created_at;
    return {
      visitorId: r.id,
      name: r.name,
      email: r.email,
      url: last?.url ?? r.current_url,
      title: last?.title ?? null,
      visitStartedAt,
      pagesThisVisit: visit.length,
      returning: (r.first_page_at !== null && r.first_page_at < visitStartedAt) || r.created_at < visitStartedAt - VISIT_GAP_MS,
      country: guessCountry(r.time_zone, r.locale),
      locale: r.locale,
      timeZone: r.time_zone,
      chatId: r.chat_id,
      chatAgentId: r.chat_agent_id,
    };
  });
}
