import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';

/**
 * Writes a realistic chat history (METRICS.md §1) for the metrics benchmark: by default 1M chats,
 * ~12M messages, 50 agents over 90 days, with shifts, breaks, a daily and weekly rhythm, queue
 * waits, greetings, transfers, missed and open chats, offline messages, repeat visitors, tags,
 * canned replies, surveys of all kinds, page views and conversions. Seeded: the same options
 * give the same file.
 *
 *   npx tsx bench/metrics/generate.ts [--chats 1000000] [--days 90] [--agents 50] [--out FILE]
 */

export interface GenerateOptions {
  chats: number;
  days: number;
  agents: number;
  /** First day, 00:00 UTC. */
  start: number;
  seed: number;
}

export const defaultOptions: GenerateOptions = {
  chats: 1_000_000,
  days: 90,
  agents: 50,
  start: Date.UTC(2026, 2, 1),
  seed: 42,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    /** Exponential with this mean. */
    exp: (mean: number) => -Math.log(1 - next()) * mean,
  };
}

const DEPARTMENTS = [
  ['sales', 'Sales'],
  ['support', 'Support'],
  ['billing', 'Billing'],
] as const;
const TAGS = ['billing', 'refund', 'shipping', 'order-status', 'bug', 'feature-request', 'account', 'login',
  'pricing', 'discount', 'returns', 'delivery-delay', 'payment-failed', 'invoice', 'cancel', 'upgrade',
  'vip', 'complaint', 'praise', 'spam'];
const VISITOR_LINES = [
  'Hi, I have a question about my order',
  'Where is my package? It was supposed to arrive yesterday.',
  'Can I change the delivery address?',
  'The payment failed but the money was taken from my card',
  'Do you ship to Bulgaria?',
  'ok',
  'Thanks!',
  'How do I return an item I bought last week?',
  'Is this available in a larger size?',
  'I cannot log in to my account',
  'Order number is 4471-2219',
  'Can I get a discount for a bulk order?',
  'hello?',
  'That worked, thank you so much',
];
const AGENT_LINES = [
  'Let me look into that for you.',
  'Could you share your order number, please?',
  'I can see the order, it left our warehouse this morning.',
  'I have updated the address for you.',
  'Sorry about that, I have started a refund.',
  'Yes, we ship to all EU countries.',
  'You can return it within 30 days from the orders page.',
  'Is there anything else I can help you with?',
  'One moment please.',
  'Please try resetting your password with the link on the sign-in page.',
];
const CANNED = [
  ['hello', 'Hello! How can I help you today?'],
  ['thanks', 'Thank you for your patience.'],
  ['check', 'Let me check that for you, one moment please.'],
  ['order', 'Could you share your order number, please?'],
  ['shipping', 'Standard delivery takes 2-4 business days.'],
  ['refund', 'I have started the refund; it will reach you in 3-5 business days.'],
  ['hours', 'We are online Monday to Friday, 09:00-18:00.'],
  ['bye', 'Is there anything else I can help you with? Have a great day!'],
];
const FIRST_NAMES = ['Anna', 'Georgi', 'Maria', 'Ivan', 'Petya', 'Nikolai', 'Elena', 'Dimitar', 'Sofia', 'Viktor'];
const LAST_NAMES = ['Petrova', 'Ivanov', 'Todorova', 'Kolev', 'Angelova', 'Popov', 'Hristova', 'Nikolov'];

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Relative chat volume by UTC hour (visitors mostly in UTC+2/+3, business hours). */
const HOURLY = [1, 0.6, 0.4, 0.3, 0.4, 1, 2.5, 5, 7, 8, 8.5, 8, 7, 7.5, 8, 7.5, 6.5, 5, 4, 3.5, 3, 2.5, 2, 1.5];
const WEEKLY = [0.55, 1.1, 1.05, 1, 1, 0.95, 0.7]; // Sunday first

/** Streams the history to `out` and resolves to counts of what it wrote. */
export async function generateHistory(out: string, opts: GenerateOptions = defaultOptions) {
  mkdirSync(dirname(out), { recursive: true });
  const file = createWriteStream(out, { highWaterMark: 1 << 22 });
  const r = rng(opts.seed);
  let pending: string[] = [];
  const write = async (line: string) => {
    pending.push(line);
    if (pending.length >= 2000) {
      const ok = file.write(`${pending.join('\n')}\n`);
      pending = [];
      if (!ok) await once(file, 'drain');
    }
  };
  const counts = { chats: 0, messages: 0, surveys: 0, pageViews: 0, conversions: 0, statuses: 0 };
  const end = opts.start + opts.days * DAY;

  await write(JSON.stringify({ type: 'meta', format: 'chat-history', version: 1 }));
  for (const [id, name] of DEPARTMENTS) await write(JSON.stringify({ type: 'department', id, name }));
  const agents = Array.from({ length: opts.agents }, (_, i) => ({
    id: `ag${pad(i + 1, 3)}`,
    department: DEPARTMENTS[i % DEPARTMENTS.length]![0],
    // Shift start hour (UTC) and days off.
    shiftStart: 5 + (i % 4) * 3,
    dayOff: i % 7,
  }));
  for (const [i, a] of agents.entries()) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;
    await write(
      JSON.stringify({
        type: 'agent',
        id: a.id,
        name,
        email: `agent${i + 1}@bench.example`,
        role: i === 0 ? 'owner' : i < 4 ? 'admin' : 'agent',
        departments: i % 5 === 0 ? [a.department, DEPARTMENTS[(i + 1) % 3]![0]] : [a.department],
        maxChats: 3 + (i % 3),
      }),
    );
  }
  for (const [i, [shortcut, text]] of CANNED.entries()) {
    await write(JSON.stringify({ type: 'canned', id: `c${i + 1}`, shortcut, text }));
  }
  const slas = [
    [null, 'normal', 60, 1800],
    [null, 'high', 30, 1200],
    [null, 'urgent', 20, 900],
    [null, 'low', 300, null],
    ['sales', 'high', 20, 900],
    ['support', 'normal', 120, 3600],
  ] as const;
  for (const [i, [department, priority, firstResponseSec, resolutionSec]] of slas.entries()) {
    await write(JSON.stringify({ type: 'sla', id: `sla${i + 1}`, department, priority, firstResponseSec, resolutionSec }));
  }

  // Shifts: online at the start, short breaks away, offline at the end.
  for (let d = 0; d < opts.days; d++) {
    const dayStart = opts.start + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    for (const a of agents) {
      if (weekday === a.dayOff || (weekday === 0 && r.chance(0.6))) continue;
      let t = dayStart + a.shiftStart * HOUR + r.int(20 * 60_000);
      const stop = t + 8 * HOUR + r.int(30 * 60_000);
      const status = async (s: string, at: number) => {
        counts.statuses++;
        await write(JSON.stringify({ type: 'agent_status', id: `st${pad(counts.statuses, 7)}`, agentId: a.id, status: s, at: iso(at) }));
      };
      await status('online', t);
      for (let b = 0; b < 2; b++) {
        t += 2 * HOUR + r.int(90 * 60_000);
        if (t >= stop - HOUR) break;
        await status('away', t);
        t += 10 * 60_000 + r.int(20 * 60_000);
        await status('online', t);
      }
      await status('offline', stop);
    }
  }

  // Chat start times follow the daily and weekly rhythm.
  const weights: number[] = [];
  for (let h = 0; h < opts.days * 24; h++) {
    const t = opts.start + h * HOUR;
    weights.push(HOURLY[h % 24]! * WEEKLY[new Date(t).getUTCDay()]!);
  }
  const total = weights.reduce((s, w) => s + w, 0);
  const visitors = Math.round(opts.chats * 0.75);
  let messageId = 0;
  let surveyId = 0;
  const pageViews: string[] = [];
  const conversions: string[] = [];
  let chatNo = 0;
  let browser = 0;
  for (let h = 0; h < weights.length; h++) {
    const hourStart = opts.start + h * HOUR;
    // Visitors who browse without chatting (three for every four chats), on the same rhythm.
    const browsing = Math.round((weights[h]! / total) * visitors);
    for (let v = 0; v < browsing; v++) {
      const at = hourStart + r.int(HOUR);
      const visitorId = `b${pad(browser++, 7)}`;
      counts.pageViews++;
      pageViews.push(
        JSON.stringify({ type: 'page_view', id: `pv${pad(counts.pageViews, 8)}`, visitorId, url: 'https://shop.example/', at: iso(at) }),
      );
      if (r.chance(0.02)) {
        counts.conversions++;
        conversions.push(
          JSON.stringify({ type: 'conversion', id: `cv${pad(counts.conversions, 7)}`, visitorId, at: iso(at + r.int(HOUR)), value: 19.9 }),
        );
      }
    }
    const n = h === weights.length - 1 ? opts.chats - chatNo : Math.round((weights[h]! / total) * opts.chats);
    const starts = Array.from({ length: Math.max(0, Math.min(n, opts.chats - chatNo)) }, () => hourStart + r.int(HOUR)).sort(
      (x, y) => x - y,
    );
    for (const startedAt of starts) {
      chatNo++;
      const id = `ch${pad(chatNo, 7)}`;
      // A quarter of chats come from returning visitors (FCR repeats inside and outside the window).
      const visitorId = `v${pad(r.chance(0.25) ? Math.max(1, Math.floor((chatNo * 0.75) - r.int(5000))) : Math.floor(chatNo * 0.75) + 1, 7)}`;
      const channel = r.chance(0.08) ? 'offline' : 'widget';
      const priority = r.pick(['normal', 'normal', 'normal', 'normal', 'normal', 'low', 'low', 'high', 'high', 'urgent'] as const);
      const department = r.chance(0.15) ? null : r.pick(DEPARTMENTS)[0];
      const tags = r.chance(0.4) ? [...new Set(Array.from({ length: 1 + r.int(2) }, () => r.pick(TAGS)))] : [];
      const messages: object[] = [];
      const assignments: { agentId: string; at: string }[] = [];
      const msg = (author: string, at: number, text: string, agentId?: string, cannedId?: string | null) => {
        messageId++;
        messages.push({
          id: `m${pad(messageId, 8)}`,
          author,
          ...(agentId ? { agentId } : {}),
          at: iso(at),
          text,
          ...(cannedId !== undefined ? { cannedId } : {}),
        });
      };
      let t = startedAt;
      let closedAt: number | null;
      let closedBy: string | null;
      const open = startedAt > end - 2 * HOUR && r.chance(0.5);
      if (channel === 'offline') {
        msg('visitor', t, r.pick(VISITOR_LINES));
        msg('visitor', t + 5_000 + r.int(30_000), r.pick(VISITOR_LINES));
        closedAt = open ? null : t + 60_000 + r.int(600_000);
        closedBy = closedAt === null ? null : 'system';
      } else {
        if (r.chance(0.3)) msg('system', t, 'Hi! How can we help?');
        msg('visitor', t + 1_000 + r.int(20_000), r.pick(VISITOR_LINES));
        const missed = r.chance(0.06);
        if (missed) {
          if (r.chance(0.5)) msg('visitor', t + 30_000 + r.int(60_000), 'hello?');
          closedAt = open ? null : t + 120_000 + r.int(600_000);
          closedBy = closedAt === null ? null : r.chance(0.7) ? 'system' : 'visitor';
        } else {
          let agent = agents[r.int(agents.length)]!;
          t += 2_000 + r.exp(35_000);
          assignments.push({ agentId: agent.id, at: iso(t) });
          if (r.chance(0.1)) msg('agent', t, CANNED[0]![1], agent.id, 'c1');
          const exchanges = 3 + r.int(5);
          for (let e = 0; e < exchanges; e++) {
            t += 1_000 + r.exp(25_000);
            const canned = r.chance(0.25) ? `c${1 + r.int(CANNED.length)}` : null;
            msg('agent', t, canned ? CANNED[Number(canned.slice(1)) - 1]![1] : r.pick(AGENT_LINES), agent.id, canned);
            if (e === 0 && r.chance(0.1)) {
              // Transfer to a colleague.
              const next = agents[r.int(agents.length)]!;
              if (next.id !== agent.id) {
                t += 5_000 + r.exp(20_000);
                assignments.push({ agentId: next.id, at: iso(t) });
                msg('system', t, 'Chat transferred');
                agent = next;
              }
            }
            t += 2_000 + r.exp(40_000);
            msg('visitor', t, r.pick(VISITOR_LINES));
            if (r.chance(0.2)) {
              t += 1_000 + r.exp(8_000);
              msg('visitor', t, r.pick(VISITOR_LINES));
            }
          }
          if (r.chance(0.7)) {
            t += 1_000 + r.exp(20_000);
            msg('agent', t, CANNED[7]![1], agent.id, 'c8');
          }
          closedAt = open ? null : t + 30_000 + r.int(300_000);
          closedBy = closedAt === null ? null : r.pick(['visitor', 'agent', 'agent'] as const);
        }
      }
      counts.chats++;
      counts.messages += messages.length;
      await write(
        JSON.stringify({
          type: 'chat',
          id,
          visitorId,
          department,
          priority,
          channel,
          startedAt: iso(startedAt),
          closedAt: closedAt === null ? null : iso(closedAt),
          closedBy,
          tags,
          assignments,
          messages,
        }),
      );
      if (closedAt !== null) {
        const survey = async (kind: string, scale: number, sentAt: number, answerChance: number, score: () => number) => {
          surveyId++;
          counts.surveys++;
          const answered = r.chance(answerChance);
          const answeredAt = answered ? sentAt + 5_000 + r.exp(120_000) : null;
          await write(
            JSON.stringify({
              type: 'survey',
              id: `s${pad(surveyId, 8)}`,
              kind,
              chatId: id,
              visitorId,
              scale,
              sentAt: iso(sentAt),
              answeredAt: answeredAt === null ? null : iso(answeredAt),
              score: answered ? score() : null,
              ...(answered && r.chance(0.2) ? { comment: 'Quick and helpful, thanks' } : {}),
            }),
          );
        };
        if (r.chance(0.8)) await survey('csat', 5, closedAt + 1_000, 0.3, () => (r.chance(0.75) ? 4 + r.int(2) : 1 + r.int(3)));
        if (r.chance(0.5)) {
          const scale = r.chance(0.5) ? 5 : 7;
          await survey('ces', scale, closedAt + 2_000, 0.25, () => 1 + r.int(scale));
        }
        if (r.chance(0.15)) await survey('nps', 10, closedAt + DAY + r.int(DAY), 0.2, () => r.int(11));
      }
      // Page views around the chat, and sometimes a purchase after it.
      const views = r.int(4);
      for (let v = 0; v < views; v++) {
        counts.pageViews++;
        pageViews.push(
          JSON.stringify({
            type: 'page_view',
            id: `pv${pad(counts.pageViews, 8)}`,
            visitorId,
            url: `https://shop.example/p/${r.int(5000)}`,
            at: iso(startedAt - 600_000 + r.int(1_200_000)),
          }),
        );
      }
      if (r.chance(0.08)) {
        counts.conversions++;
        conversions.push(
          JSON.stringify({
            type: 'conversion',
            id: `cv${pad(counts.conversions, 7)}`,
            visitorId,
            at: iso(startedAt + r.int(30 * HOUR)),
            value: Math.round(r.exp(60) * 100) / 100 + 5,
          }),
        );
      }
    }
    // A history exported in time order: each hour's page views and conversions after its chats.
    for (const line of pageViews) await write(line);
    pageViews.length = 0;
    for (const line of conversions) await write(line);
    conversions.length = 0;
  }
  if (pending.length) file.write(`${pending.join('\n')}\n`);
  file.end();
  await once(file, 'finish');
  return counts;
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? process.argv[outIndex + 1]! : '/tmp/parley-bench/history.ndjson';
  const t = Date.now();
  const counts = await generateHistory(out, {
    ...defaultOptions,
    chats: option('chats', defaultOptions.chats),
    days: option('days', defaultOptions.days),
    agents: option('agents', defaultOptions.agents),
  });
  console.log(`Wrote ${out} in ${((Date.now() - t) / 1000).toFixed(1)} s:`, counts);
}
