/**
 * A deliberately naive reading of METRICS.md §2, straight from the history records, for
 * differential tests of the metrics engine. Slow and simple on purpose: each definition is
 * written the way the table states it, with no precomputation.
 */

export interface RefFilters {
  agent?: string;
  department?: string;
  tag?: string;
  channel?: string;
  priority?: string;
}

export interface RefQuery {
  from: number;
  to: number;
  now: number;
  filters: RefFilters;
  fcrWindowDays?: number;
  conversionWindowHours?: number;
}

const t = (s: string | null | undefined) => (s == null ? null : Date.parse(s));

function durations(values: number[]) {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { mean: null, median: null, p90: null, count: 0 };
  const median = n % 2 ? v[(n - 1) / 2]! : (v[n / 2 - 1]! + v[n / 2]!) / 2;
  const rank = Math.ceil((9 * n) / 10);
  return { mean: v.reduce((a, b) => a + b, 0) / n, median, p90: v[rank - 1]!, count: n };
}

const rate = (a: number, b: number) => (b === 0 ? null : a / b);

export function referenceMetrics(records: any[], q: RefQuery) {
  const W = (q.fcrWindowDays ?? 7) * 86_400_000;
  const H = (q.conversionWindowHours ?? 24) * 3_600_000;
  const openEnd = Math.min(q.to, q.now);
  const allChats = records.filter((r) => r.type === 'chat');
  const agentOf = (c: any) => (c.assignments.length ? c.assignments[c.assignments.length - 1].agentId : null);
  const matches = (c: any) =>
    (q.filters.agent === undefined || agentOf(c) === q.filters.agent) &&
    (q.filters.department === undefined || c.department === q.filters.department) &&
    (q.filters.tag === undefined || c.tags.includes(q.filters.tag)) &&
    (q.filters.channel === undefined || c.channel === q.filters.channel) &&
    (q.filters.priority === undefined || c.priority === q.filters.priority);
  const chats = allChats.filter((c) => t(c.startedAt)! >= q.from && t(c.startedAt)! < q.to && matches(c));

  // Messages in order of `at`, ties in record order; replies come after the first visitor message.
  const facts = (c: any) => {
    const msgs = c.messages.map((m: any, i: number) => ({ ...m, i, t: t(m.at)! })).sort((a: any, b: any) => a.t - b.t || a.i - b.i);
    const firstVisitor = msgs.findIndex((m: any) => m.author === 'visitor');
    const replies = firstVisitor < 0 ? [] : msgs.slice(firstVisitor + 1).filter((m: any) => m.author === 'agent');
    const intervals: number[] = [];
    let open: number | null = null;
    for (let k = 0; k < msgs.length; k++) {
      const m = msgs[k];
      if (m.author === 'visitor' && open === null) open = m.t;
      else if (m.author === 'agent' && k > firstVisitor && firstVisitor >= 0 && open !== null) {
        intervals.push((m.t - open) / 1000);
        open = null;
      }
    }
    return { msgs, replies, intervals };
  };

  const start = (c: any) => t(c.startedAt)!;
  const closed = (c: any) => c.closedAt !== null;
  const widget = chats.filter((c) => c.channel === 'widget');
  const closedWidget = widget.filter(closed);
  const missed = closedWidget.filter((c) => facts(c).replies.length === 0);
  const assigned = chats.filter((c) => c.assignments.length >= 1);

  const wait = assigned.map((c) => (t(c.assignments[0].at)! - start(c)) / 1000);
  const replied = chats.filter((c) => facts(c).replies.length > 0);
  const frtOf = (c: any) => (t(facts(c).replies[0].at)! - start(c)) / 1000;
  const frt = replied.map(frtOf);
  const art = chats.flatMap((c) => facts(c).intervals);
  const resolution = replied.filter(closed).map((c) => (t(c.closedAt)! - start(c)) / 1000);
  const aht = assigned.filter(closed).map((c) => (t(c.closedAt)! - t(c.assignments[0].at)!) / 1000);
  const messageCount = chats.reduce((s, c) => s + c.messages.filter((m: any) => m.author !== 'system').length, 0);

  const fcrChats = replied.filter(closed);
  const resolved = fcrChats.filter(
    (c) =>
      !allChats.some(
        (o) => o.visitorId === c.visitorId && start(o) > t(c.closedAt)! && start(o) <= t(c.closedAt)! + W,
      ),
  );

  const tagCounts: Record<string, number> = {};
  for (const c of chats) for (const tag of c.tags) tagCounts[tag] = (tagCounts[tag] ?? 0) + 1;
  const allReplies = chats.flatMap((c) => facts(c).replies);
  const cannedReplies = allReplies.filter((m: any) => m.cannedId != null);
  const cannedCounts: Record<string, number> = {};
  for (const m of cannedReplies) cannedCounts[m.cannedId] = (cannedCounts[m.cannedId] ?? 0) + 1;

  const slas = records.filter((r) => r.type === 'sla');
  const policy = (c: any) =>
    slas.find((s) => s.department === c.department && c.department !== null && s.priority === c.priority) ??
    slas.find((s) => s.department === null && s.priority === c.priority);
  const sla = { frt: { met: 0, breached: 0 }, resolution: { met: 0, breached: 0 } };
  for (const c of chats) {
    const p = policy(c);
    if (!p) continue;
    const hasReply = facts(c).replies.length > 0;
    if (p.firstResponseSec !== null) {
      if (hasReply) sla.frt[frtOf(c) <= p.firstResponseSec ? 'met' : 'breached']++;
      else if (((closed(c) ? t(c.closedAt)! : openEnd) - start(c)) / 1000 > p.firstResponseSec) sla.frt.breached++;
    }
    if (p.resolutionSec !== null) {
      if (closed(c) && hasReply) sla.resolution[(t(c.closedAt)! - start(c)) / 1000 <= p.resolutionSec ? 'met' : 'breached']++;
      else if (!closed(c) && (openEnd - start(c)) / 1000 > p.resolutionSec) sla.resolution.breached++;
    }
  }

  const chatById = new Map(allChats.map((c) => [c.id, c]));
  const surveys = records.filter((r) => r.type === 'survey' && matches(chatById.get(r.chatId)));
  const answered = surveys.filter((s) => s.answeredAt !== null && t(s.answeredAt)! >= q.from && t(s.answeredAt)! < q.to);
  const csat = answered.filter((s) => s.kind === 'csat');
  const ces = answered.filter((s) => s.kind === 'ces');
  const nps = answered.filter((s) => s.kind === 'nps');
  const ces7 = (s: any) => (s.scale === 5 ? 1 + ((s.score - 1) * 6) / 4 : s.score);
  const sent = surveys.filter((s) => t(s.sentAt)! >= q.from && t(s.sentAt)! < q.to);
  const responseRate = (kind: string) => {
    const k = sent.filter((s) => s.kind === kind);
    return rate(k.filter((s) => s.answeredAt !== null).length, k.length);
  };
  const promoters = nps.filter((s) => s.score >= 9).length;
  const detractors = nps.filter((s) => s.score <= 6).length;

  const reviews = records.filter(
    (r) => r.type === 'review' && t(r.at)! >= q.from && t(r.at)! < q.to && matches(chatById.get(r.chatId)),
  );

  // Agent time: status intervals and holds, clipped to [from, to).
  const clip = (a: number, b: number) => Math.max(0, Math.min(b, q.to) - Math.max(a, q.from));
  const agentIds = [...new Set(records.filter((r) => r.type === 'agent').map((r) => r.id))].filter(
    (id) => q.filters.agent === undefined || id === q.filters.agent,
  );
  let onlineMs = 0;
  let busyMs = 0;
  for (const agent of agentIds) {
    const statuses = records
      .filter((r) => r.type === 'agent_status' && r.agentId === agent)
      .sort((a, b) => t(a.at)! - t(b.at)!);
    const online: [number, number][] = [];
    statuses.forEach((s, k) => {
      const end = k + 1 < statuses.length ? t(statuses[k + 1].at)! : openEnd;
      if (s.status === 'online' && end > t(s.at)!) online.push([t(s.at)!, end]);
    });
    const holds: [number, number][] = [];
    for (const c of allChats) {
      c.assignments.forEach((a: any, k: number) => {
        if (a.agentId !== agent) return;
        const stop = closed(c) ? t(c.closedAt)! : openEnd;
        const end = k + 1 < c.assignments.length ? Math.min(t(c.assignments[k + 1].at)!, stop) : stop;
        if (end > t(a.at)!) holds.push([t(a.at)!, end]);
      });
    }
    // Measure at every millisecond boundary between interval edges.
    const edges = [...new Set([...online.flat(), ...holds.flat(), q.from, q.to])].sort((a, b) => a - b);
    for (let k = 0; k + 1 < edges.length; k++) {
      const [a, b] = [edges[k]!, edges[k + 1]!];
      const mid = (a + b) / 2;
      const isOnline = online.some(([s, e]) => s <= mid && mid < e);
      if (!isOnline) continue;
      onlineMs += clip(a, b);
      if (holds.some(([s, e]) => s <= mid && mid < e)) busyMs += clip(a, b);
    }
  }

  const conversions = records.filter((r) => r.type === 'conversion');
  const windowOf = (c: any) => conversions.filter((v) => v.visitorId === c.visitorId && t(v.at)! >= start(c) && t(v.at)! < start(c) + H);
  const converted = chats.filter((c) => windowOf(c).length > 0);
  const convIds = new Map<string, number>();
  for (const c of chats) for (const v of windowOf(c)) convIds.set(v.id, v.value);

  const views = records.filter((r) => r.type === 'page_view' && t(r.at)! >= q.from && t(r.at)! < q.to);
  const viewers = new Set(views.map((v) => v.visitorId));
  const chatters = new Set(chats.map((c) => c.visitorId).filter((v) => viewers.has(v)));

  return {
    chats: {
      total: chats.length,
      byChannel: { widget: widget.length, offline: chats.length - widget.length },
      missed: missed.length,
      missedRate: rate(missed.length, closedWidget.length),
      open: chats.filter((c) => !closed(c)).length,
      transferRate: rate(chats.filter((c) => c.assignments.length >= 2).length, assigned.length),
    },
    wait: durations(wait),
    frt: durations(frt),
    art: durations(art),
    resolution: durations(resolution),
    aht: durations(aht),
    messages: { perChat: rate(messageCount, chats.length) },
    fcr: rate(resolved.length, fcrChats.length),
    tags: {
      taggedRate: rate(chats.filter((c) => c.tags.length > 0).length, chats.length),
      perChat: rate(chats.reduce((s, c) => s + c.tags.length, 0), chats.length),
      counts: tagCounts,
    },
    canned: {
      chatRate: rate(replied.filter((c) => facts(c).replies.some((m: any) => m.cannedId != null)).length, replied.length),
      messageRate: rate(cannedReplies.length, allReplies.length),
      counts: cannedCounts,
    },
    sla: {
      frt: { ...sla.frt, rate: rate(sla.frt.met, sla.frt.met + sla.frt.breached) },
      resolution: { ...sla.resolution, rate: rate(sla.resolution.met, sla.resolution.met + sla.resolution.breached) },
    },
    csat: {
      count: csat.length,
      mean: rate(csat.reduce((s, x) => s + x.score, 0), csat.length),
      rate: rate(csat.filter((s) => s.score >= 4).length, csat.length),
    },
    ces: {
      count: ces.length,
      mean: rate(ces.reduce((s, x) => s + ces7(x), 0), ces.length),
      rate: rate(ces.filter((s) => s.score >= (s.scale === 5 ? 4 : 5)).length, ces.length),
    },
    nps: {
      count: nps.length,
      promoters,
      passives: nps.length - promoters - detractors,
      detractors,
      score: nps.length ? (100 * (promoters - detractors)) / nps.length : null,
    },
    surveys: { responseRate: { csat: responseRate('csat'), ces: responseRate('ces'), nps: responseRate('nps') } },
    agents: {
      onlineSec: onlineMs / 1000,
      utilization: rate(busyMs, onlineMs),
      chatsPerOnlineHour: rate(assigned.length, onlineMs / 3_600_000),
    },
    conversion: { rate: rate(converted.length, chats.length), value: [...convIds.values()].reduce((a, b) => a + b, 0) },
    visitors: { total: viewers.size, chatRate: rate(chatters.size, viewers.size) },
    iqs: {
      count: reviews.length,
      mean: rate(reviews.reduce((s, r) => s + r.score, 0), reviews.length),
      rate: rate(reviews.filter((r) => r.score >= 0.8).length, reviews.length),
    },
  };
}
