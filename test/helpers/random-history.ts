/**
 * Small random histories (METRICS.md §1) full of edge cases, for differential tests: ties in
 * message times, greetings before the visitor speaks, system messages, transfers (some at the
 * same instant), open and missed chats, offline chats, repeat visitors, surveys sent before the
 * range or never answered, CES on both scales, conversions exactly on window edges, page views
 * of visitors who never chat, statuses that start before the range, reviews (by the admin and
 * the owner, of open chats too, some at the chat's very start or days later, scores on and
 * around 0.8). Lines are shuffled.
 */

export function randomHistory(seed: number, base: number, days = 5): any[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;
  const iso = (ms: number) => new Date(ms).toISOString();
  // Times on a 10 s grid, so that ties happen.
  const when = (from: number, span: number) => from + int(Math.max(1, span / 10_000)) * 10_000;
  const span = days * 86_400_000;

  const out: any[] = [{ type: 'meta', format: 'chat-history', version: 1 }];
  out.push({ type: 'department', id: 'sales', name: 'Sales' }, { type: 'department', id: 'support', name: 'Support' });
  const agents = ['a1', 'a2', 'a3', 'a4'];
  agents.forEach((id, i) =>
    out.push({
      type: 'agent',
      id,
      name: `Agent ${i}`,
      email: `${id}@random.example`,
      role: (['agent', 'admin', 'agent', 'owner'] as const)[i],
      departments: i % 2 ? ['sales'] : ['support', 'sales'],
      maxChats: 2,
    }),
  );
  for (const id of ['c1', 'c2', 'c3']) out.push({ type: 'canned', id, shortcut: id, text: `canned ${id}` });
  out.push(
    { type: 'sla', id: 'sla1', department: null, priority: 'normal', firstResponseSec: 60, resolutionSec: 3600 },
    { type: 'sla', id: 'sla2', department: 'sales', priority: 'normal', firstResponseSec: 30, resolutionSec: null },
    { type: 'sla', id: 'sla3', department: null, priority: 'high', firstResponseSec: null, resolutionSec: 1800 },
    { type: 'sla', id: 'sla4', department: 'support', priority: 'urgent', firstResponseSec: 10, resolutionSec: 600 },
  );

  let statusNo = 0;
  for (const agent of agents) {
    const times = new Set<number>();
    for (let k = 0; k < 4 + int(10); k++) times.add(when(base - 86_400_000, span + 86_400_000));
    for (const at of [...times].sort((x, y) => x - y)) {
      out.push({ type: 'agent_status', id: `st${++statusNo}`, agentId: agent, status: pick(['online', 'online', 'away', 'offline'] as const), at: iso(at) });
    }
  }

  const visitors = Array.from({ length: 25 }, (_, i) => `v${i}`);
  let messageNo = 0;
  let surveyNo = 0;
  let viewNo = 0;
  let conversionNo = 0;
  const chats: { id: string; startedAt: number }[] = [];
  for (let c = 0; c < 90; c++) {
    const id = `ch${c}`;
    const visitorId = pick(visitors);
    const startedAt = when(base, span);
    const channel = rnd() < 0.15 ? 'offline' : 'widget';
    const assignments: any[] = [];
    let t = startedAt;
    const assignmentCount = channel === 'offline' ? 0 : pick([0, 1, 1, 1, 2, 3]);
    for (let k = 0; k < assignmentCount; k++) {
      t = k > 0 && rnd() < 0.2 ? t : when(t, 600_000);
      assignments.push({ agentId: pick(agents), at: iso(t) });
    }
    const messages: any[] = [];
    for (let k = 0; k < int(9); k++) {
      const author = pick(['visitor', 'visitor', 'agent', 'agent', 'system'] as const);
      const at = rnd() < 0.3 && messages.length ? Date.parse(messages[messages.length - 1].at) : when(startedAt, 1_800_000);
      const m: any = { id: `m${++messageNo}`, author, at: iso(at), text: 'x' };
      if (author === 'agent') {
        m.agentId = pick(agents);
        const r = rnd();
        if (r < 0.3) m.cannedId = pick(['c1', 'c2', 'c3']);
        else if (r < 0.5) m.cannedId = null;
      }
      messages.push(m);
    }
    const last = Math.max(startedAt, t, ...messages.map((m) => Date.parse(m.at)));
    const open = rnd() < 0.2;
    const closedAt = open ? null : when(last, 3_600_000 * (rnd() < 0.1 ? 30 : 1));
    out.push({
      type: 'chat',
      id,
      visitorId,
      department: pick([null, 'sales', 'support']),
      priority: pick(['low', 'normal', 'normal', 'high', 'urgent'] as const),
      channel,
      startedAt: iso(startedAt),
      closedAt: closedAt === null ? null : iso(closedAt),
      closedBy: closedAt === null ? null : pick(['visitor', 'agent', 'system'] as const),
      tags: [...new Set(Array.from({ length: int(3) }, () => pick(['billing', 'vip', 'refund'])))],
      assignments,
      messages,
    });
    chats.push({ id, startedAt });
    if (closedAt !== null) {
      for (const kind of ['csat', 'ces', 'nps'] as const) {
        if (rnd() < 0.4) continue;
        const scale = kind === 'csat' ? 5 : kind === 'nps' ? 10 : pick([5, 7]);
        const sentAt = kind === 'nps' ? when(closedAt, 2 * 86_400_000) : closedAt + 1000;
        const answered = rnd() < 0.6;
        const survey: any = {
          type: 'survey',
          id: `s${++surveyNo}`,
          kind,
          chatId: id,
          visitorId,
          scale,
          sentAt: iso(sentAt),
          answeredAt: answered ? iso(when(sentAt, 86_400_000)) : null,
          score: answered ? (kind === 'nps' ? int(11) : 1 + int(scale)) : null,
        };
        if (rnd() < 0.3) survey.comment = rnd() < 0.5 ? null : 'ok';
        out.push(survey);
      }
    }
    for (let k = 0; k < int(3); k++) {
      out.push({ type: 'page_view', id: `pv${++viewNo}`, visitorId, url: 'https://x.example/', at: iso(when(startedAt - 3_600_000, 7_200_000)) });
    }
    if (rnd() < 0.4) {
      const edge = pick([0, 86_400_000, 86_400_000 - 1, -1, int(86_400_000)]);
      out.push({ type: 'conversion', id: `cv${++conversionNo}`, visitorId, at: iso(startedAt + edge), value: 1 + int(50) });
    }
  }
  for (let k = 0; k < 40; k++) {
    out.push({ type: 'page_view', id: `pv${++viewNo}`, visitorId: `b${int(15)}`, url: 'https://x.example/', at: iso(when(base, span)) });
  }
  // Reviews after the chats, so the rest of a seed's history stays as it was before reviews.
  let reviewNo = 0;
  for (const chat of chats) {
    for (const reviewerId of ['a2', 'a4']) {
      if (rnd() < 0.6) continue;
      const at = pick([chat.startedAt, when(chat.startedAt, 3_600_000), when(chat.startedAt, 4 * 86_400_000)]);
      const review: any = {
        type: 'review',
        id: `r${++reviewNo}`,
        chatId: chat.id,
        reviewerId,
        at: iso(at),
        score: pick([0, 1, 0.8, 0.79, 0.85, 1 / 3, 2 / 3, 0.5 + int(50) / 100]),
      };
      if (rnd() < 0.5) review.comment = rnd() < 0.5 ? null : 'good tone';
      out.push(review);
    }
  }
  // Any order.
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
