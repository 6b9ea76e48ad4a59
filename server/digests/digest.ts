import type { Sql } from '../store/sql.ts';
import type { Metrics } from '../metrics/engine.ts';
import { computeMetrics } from '../metrics/engine.ts';
import { addDays, instantOf, localTime, weekday, type LocalDate } from '../metrics/time-zone.ts';
import { recentComments } from '../store/surveys.ts';
import { slaPolicies } from '../store/sla-policies.ts';
import { slaPolicyFor } from '../../shared/replies.ts';
import { chatFactsStartedIn, type DigestFrequency } from '../store/digests.ts';
import { escapeHtml } from '../surveys/survey-page.ts';
import { digestWords, type DigestWords } from './digest-words.ts';

/** A digest's period: [from, to) in the subscriber's zone, and the one before it to compare. */
export interface DigestPeriod {
  frequency: DigestFrequency;
  timeZone: string;
  from: number;
  to: number;
  previousFrom: number;
  /** Local dates, for the dashboard's links: the first and the last day (inclusive). */
  firstDay: string;
  lastDay: string;
}

const midnight = (tz: string, d: LocalDate) => instantOf(tz, { ...d, hour: 0, minute: 0, second: 0, millisecond: 0 });
const isoDate = (d: LocalDate) => `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** The last whole day (or Monday-to-Sunday week) before `now` in `timeZone`. */
export function lastWholePeriod(frequency: DigestFrequency, timeZone: string, now: number): DigestPeriod {
  const today = localTime(timeZone, now);
  const end: LocalDate = frequency === 'daily' ? today : addDays(today, 1 - weekday(today));
  const days = frequency === 'daily' ? 1 : 7;
  const start = addDays(end, -days);
  return {
    frequency,
    timeZone,
    from: midnight(timeZone, start),
    to: midnight(timeZone, end),
    previousFrom: midnight(timeZone, addDays(start, -days)),
    firstDay: isoDate(start),
    lastDay: isoDate(addDays(end, -1)),
  };
}

export interface DigestEmail {
  subject: string;
  text: string;
  html: string;
}

interface Breach {
  chatId: string;
  startedAt: number;
  kind: 'frt' | 'resolution';
  overSec: number;
  agent: string | null;
}

/**
 * The digest of a period: key figures against the period before (the metrics engine's, so they
 * equal the dashboard's), CSAT/CES/NPS with the worst comments, the agents table, and the five
 * worst SLA breaches, each linked to the dashboard's drill-down.
 */
export async function composeDigest(
  db: Sql,
  opts: { period: DigestPeriod; language: string; siteName: string; publicUrl: string; now: number },
): Promise<DigestEmail> {
  const { period, now } = opts;
  const w = digestWords(opts.language);
  const { cells } = await computeMetrics(db, {
    ranges: [
      { from: period.previousFrom, to: period.from },
      { from: period.from, to: period.to },
    ],
    filters: {},
    byAgent: false,
    now,
  });
  const previous = cells[0]![0]!;
  const current = cells[1]![0]!;
  const perAgent = await computeMetrics(db, { ranges: [{ from: period.from, to: period.to }], filters: {}, byAgent: true, now });
  const agents = perAgent.agents!.map((a, g) => ({ name: a.name, m: perAgent.cells[0]![g]! })).filter((a) => a.m.chats.total > 0);
  const comments = (await recentComments(db, { from: period.from, before: period.to, limit: 200 }))
    .map((c) => ({ ...c, share: c.kind === 'nps' ? c.score! / 10 : (c.score! - 1) / (c.scale - 1) }))
    .sort((a, b) => a.share - b.share || a.answered_at! - b.answered_at!)
    .slice(0, 5);
  const breaches = await worstBreaches(db, period, now, 5);

  const dashboard = (extra: Record<string, string>) => {
    const q = new URLSearchParams({ from: period.firstDay, to: period.lastDay, tz: period.timeZone, ...extra });
    return `${opts.publicUrl}/console/dashboard?${q}`;
  };
  const dateTime = new Intl.DateTimeFormat(w.locale, { timeZone: period.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const dates = period.firstDay === period.lastDay ? period.firstDay : `${period.firstDay} – ${period.lastDay}`;
  const title = `${opts.siteName}: ${period.frequency === 'daily' ? w.daily : w.weekly} ${dates}`;

  const figures: Array<[string, string, string]> = keyFigures(w).map(([label, read, format]) => [
    label,
    format(read(current)),
    format(read(previous)),
  ]);

  const text: string[] = [title, '', `${w.keyFigures} (${w.thisPeriod} / ${w.previousPeriod})`];
  for (const [label, now, before] of figures) text.push(`  ${label}: ${now} (${before})`);
  text.push('', w.worstComments);
  if (!comments.length) text.push(`  ${w.none}`);
  for (const c of comments) text.push(`  ${c.kind.toUpperCase()} ${c.score}: "${c.comment}" (${c.visitor_name ?? w.visitor})`);
  text.push('', w.agents);
  for (const a of agents) text.push(`  ${a.name}: ${w.chats} ${a.m.chats.total}, ${w.firstResponse} ${duration(a.m.frt.median)}, CSAT ${decimal(a.m.csat.mean)}`);
  text.push('', w.worstBreaches);
  if (!breaches.length) text.push(`  ${w.none}`);
  for (const b of breaches) {
    text.push(`  ${dateTime.format(b.startedAt)} ${b.kind === 'frt' ? w.slaFrt : w.slaResolution} +${duration(b.overSec)} ${b.agent ?? ''} ${dashboard({ drill: `sla.${b.kind}.breached` })}`);
  }
  text.push('', `${w.openDashboard}: ${dashboard({})}`);

  const cell = 'style="padding:4px 10px;border-bottom:1px solid #e3e7eb;text-align:left"';
  const html = [
    `<div style="font-family:system-ui,sans-serif;color:#1b1f24;max-width:720px">`,
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1>`,
    `<h2 style="font-size:16px">${escapeHtml(w.keyFigures)}</h2>`,
    `<table style="border-collapse:collapse"><tr><th ${cell}></th><th ${cell}>${escapeHtml(w.thisPeriod)}</th><th ${cell}>${escapeHtml(w.previousPeriod)}</th></tr>`,
    ...figures.map(([label, now, before]) => `<tr><th ${cell}>${escapeHtml(label)}</th><td ${cell}><strong>${escapeHtml(now)}</strong></td><td ${cell}>${escapeHtml(before)}</td></tr>`),
    `</table>`,
    `<h2 style="font-size:16px">${escapeHtml(w.worstComments)}</h2>`,
    comments.length
      ? `<ul>${comments.map((c) => `<li><strong>${c.kind.toUpperCase()} ${c.score}</strong> “${escapeHtml(c.comment ?? '')}” <span style="color:#57606a">${escapeHtml(c.visitor_name ?? w.visitor)}</span></li>`).join('')}</ul>`
      : `<p>${escapeHtml(w.none)}</p>`,
    `<h2 style="font-size:16px">${escapeHtml(w.agents)}</h2>`,
    `<table style="border-collapse:collapse"><tr><th ${cell}>${escapeHtml(w.agent)}</th><th ${cell}>${escapeHtml(w.chats)}</th><th ${cell}>${escapeHtml(w.firstResponse)}</th><th ${cell}>CSAT</th><th ${cell}>SLA</th></tr>`,
    ...agents.map(
      (a) =>
        `<tr><td ${cell}>${escapeHtml(a.name)}</td><td ${cell}>${a.m.chats.total}</td><td ${cell}>${duration(a.m.frt.median)}</td><td ${cell}>${decimal(a.m.csat.mean)}</td><td ${cell}>${percent(a.m.sla.frt.rate)}</td></tr>`,
    ),
    `</table>`,
    `<h2 style="font-size:16px">${escapeHtml(w.worstBreaches)}</h2>`,
    breaches.length
      ? `<ol>${breaches
          .map(
            (b) =>
              `<li><a href="${escapeHtml(dashboard({ drill: `sla.${b.kind}.breached` }))}">${escapeHtml(dateTime.format(b.startedAt))}</a> ${escapeHtml(b.kind === 'frt' ? w.slaFrt : w.slaResolution)} <strong>+${duration(b.overSec)}</strong> ${escapeHtml(b.agent ?? '')}</li>`,
          )
          .join('')}</ol>`
      : `<p>${escapeHtml(w.none)}</p>`,
    `<p><a href="${escapeHtml(dashboard({}))}">${escapeHtml(w.openDashboard)}</a></p>`,
    `</div>`,
  ].join('\n');
  return { subject: title, text: text.join('\n') + '\n', html };
}

function keyFigures(w: DigestWords): Array<[string, (m: Metrics) => number | null, (v: number | null) => string]> {
  return [
    [w.chats, (m) => m.chats.total, whole],
    [w.missed, (m) => m.chats.missed, whole],
    [w.waitMedian, (m) => m.wait.median, duration],
    [w.firstResponse, (m) => m.frt.median, duration],
    [w.resolution, (m) => m.resolution.median, duration],
    ['CSAT', (m) => m.csat.mean, decimal],
    ['CES', (m) => m.ces.mean, decimal],
    ['NPS', (m) => m.nps.score, whole],
    [w.slaFrt, (m) => m.sla.frt.rate, percent],
  ];
}

/** By how much each chat of the period broke its SLA policy (METRICS.md's rule), worst first. */
async function worstBreaches(db: Sql, period: DigestPeriod, now: number, limit: number): Promise<Breach[]> {
  const policies = await slaPolicies(db);
  const names = new Map((await db.all<{ id: string; name: string }>('SELECT id, name FROM agents')).map((a) => [a.id, a.name]));
  const openEnd = Math.min(period.to, now);
  const breaches: Breach[] = [];
  for (const c of await chatFactsStartedIn(db, period.from, period.to)) {
    const targets = slaPolicyFor(policies, c.departmentId, c.priority);
    if (!targets) continue;
    const closed = c.closedAt !== null;
    const replied = Number(c.replyCount) > 0;
    const agent = c.agentId ? names.get(c.agentId) ?? null : null;
    if (targets.firstResponseSec !== null) {
      const took = ((replied ? c.firstReplyAt! : closed ? c.closedAt! : openEnd) - c.startedAt) / 1000;
      if (took > targets.firstResponseSec) breaches.push({ chatId: c.chatId, startedAt: Number(c.startedAt), kind: 'frt', overSec: took - targets.firstResponseSec, agent });
    }
    if (targets.resolutionSec !== null && (closed ? replied : true)) {
      const took = ((closed ? c.closedAt! : openEnd) - c.startedAt) / 1000;
      if (took > targets.resolutionSec) breaches.push({ chatId: c.chatId, startedAt: Number(c.startedAt), kind: 'resolution', overSec: took - targets.resolutionSec, agent });
    }
  }
  return breaches.sort((a, b) => b.overSec - a.overSec || a.startedAt - b.startedAt).slice(0, limit);
}

const whole = (v: number | null) => (v === null ? '—' : String(Math.round(v)));
const decimal = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
function duration(sec: number | null): string {
  if (sec === null) return '—';
  if (sec < 60) return `${Math.round(sec)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${Math.round(sec % 60)} s`;
  return `${Math.floor(sec / 3600)} h ${Math.round((sec % 3600) / 60)} min`;
}
