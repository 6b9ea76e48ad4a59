import { afterEach, describe, expect, it } from 'vitest';
import { apiCall, FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { createAgentAccount } from './helpers/clients.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close(true);
  server = undefined;
});

// Wednesday of ISO week 2026-W49; the to-review list samples W48 and W49.
const NOW = Date.parse('2026-12-02T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

async function start() {
  server = await startTestServer({ clock: new FakeClock(NOW) });
  const s = server;
  const owner = await loginToken(s.url);
  const admin = await createAgentAccount(s.url, s.store, { name: 'Ada Admin', email: 'ada@example.com', role: 'admin' });
  const anna = await createAgentAccount(s.url, s.store, { name: 'Anna', email: 'anna@example.com' });
  const bob = await createAgentAccount(s.url, s.store, { name: 'Bob', email: 'bob@example.com' });
  const idOf = async (email: string) => (await s.store.value('SELECT id FROM agents WHERE email = ?', [email])) as string;
  const ids = { owner: await idOf('owner@example.com'), admin: await idOf('ada@example.com'), anna: await idOf('anna@example.com'), bob: await idOf('bob@example.com') };
  const call = (token: string, path: string, init?: { method?: string; body?: unknown }) => apiCall(s.url, token, path, init);
  return { s, owner, admin, anna, bob, ids, call };
}

/** Closed chats of `agentId` starting at `startAt` (one every hour), a CSAT of 4 on the first. */
async function importChats(s: TestServer, token: string, agentId: string, prefix: string, count: number, startAt: number, open = false) {
  const records: object[] = [{ type: 'meta', format: 'chat-history', version: 1 }];
  for (let i = 0; i < count; i++) {
    const at = startAt + i * 3_600_000;
    const id = `${prefix}${i}`;
    records.push({
      type: 'chat', id, visitorId: `v-${id}`, department: null, priority: 'normal', channel: 'widget',
      startedAt: iso(at), closedAt: open ? null : iso(at + 600_000), closedBy: open ? null : 'agent', tags: [],
      assignments: [{ agentId, at: iso(at + 1000) }],
      messages: [
        { id: `${id}-1`, author: 'visitor', at: iso(at), text: 'My parcel is late' },
        { id: `${id}-2`, author: 'agent', agentId, at: iso(at + 30_000), text: 'Let me check.' },
      ],
    });
    if (i === 0) {
      records.push({ type: 'survey', id: `s-${id}`, kind: 'csat', chatId: id, visitorId: `v-${id}`, scale: 5, sentAt: iso(at + 600_000), answeredAt: iso(at + 660_000), score: 4, comment: null });
    }
  }
  const res = await fetch(`${s.url}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: records.map((r) => JSON.stringify(r)).join('\n'),
  });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
}

const scorecardBody = {
  criteria: [
    { label: 'Greeting', weight: 1, kind: 'yes_no' },
    { label: 'Accuracy', weight: 3, kind: 'scale' },
    { label: 'Tone', weight: 2, kind: 'yes_no' },
  ],
  reviewsPerAgentPerWeek: 2,
};

describe('quality reviews', () => {
  it('owners define the scorecard (validated, audited); agents read it but cannot change it', { timeout: 60_000 }, async () => {
    const { owner, anna, call } = await start();
    expect((await call(owner, '/scorecard')).body).toEqual({ criteria: [], reviewsPerAgentPerWeek: 2 });
    const bad = await call(owner, '/scorecard', { method: 'PUT', body: { ...scorecardBody, criteria: [{ label: 'Tone', weight: 0, kind: 'yes_no' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('criteria.0.weight');
    expect((await call(owner, '/scorecard', { method: 'PUT', body: { ...scorecardBody, criteria: [{ label: 'x', weight: 1, kind: 'stars' }] } })).body.field).toBe('criteria.0.kind');
    expect((await call(owner, '/scorecard', { method: 'PUT', body: { ...scorecardBody, criteria: [{ id: 'nope', label: 'x', weight: 1, kind: 'scale' }] } })).body.field).toBe('criteria.0.id');
    expect((await call(owner, '/scorecard')).body.criteria).toEqual([]);

    const saved = await call(owner, '/scorecard', { method: 'PUT', body: { ...scorecardBody, reviewsPerAgentPerWeek: 3 } });
    expect(saved.status).toBe(200);
    expect(saved.body.criteria.map((c: any) => [c.label, c.weight, c.kind, c.archived])).toEqual([
      ['Greeting', 1, 'yes_no', false],
      ['Accuracy', 3, 'scale', false],
      ['Tone', 2, 'yes_no', false],
    ]);
    expect(saved.body.reviewsPerAgentPerWeek).toBe(3);

    // Reordered, one left out (archived, listed last), one renamed.
    const [greeting, accuracy, tone] = saved.body.criteria;
    const reordered = await call(owner, '/scorecard', {
      method: 'PUT',
      body: { criteria: [{ ...tone, label: 'Tone of voice' }, accuracy], reviewsPerAgentPerWeek: 3 },
    });
    expect(reordered.body.criteria.map((c: any) => [c.id, c.label, c.archived])).toEqual([
      [tone.id, 'Tone of voice', false],
      [accuracy.id, 'Accuracy', false],
      [greeting.id, 'Greeting', true],
    ]);

    expect((await call(anna, '/scorecard')).status).toBe(200);
    expect((await call(anna, '/scorecard', { method: 'PUT', body: scorecardBody })).status).toBe(403);
    expect((await fetch(`${server!.url}/api/scorecard`)).status).toBe(401);
    const audit = await call(owner, '/audit?action=scorecard.changed');
    expect(audit.body.entries).toHaveLength(2);
  });

  it('an admin reviews a chat once; the score follows the rule; n.a. is left out; the agent sees it, others do not', { timeout: 60_000 }, async () => {
    const { s, owner, admin, anna, bob, ids, call } = await start();
    await importChats(s, owner, ids.anna, 'ca', 2, Date.parse('2026-11-30T09:00:00Z'));
    await importChats(s, owner, ids.bob, 'cb', 1, Date.parse('2026-11-30T09:00:00Z'));
    const card = (await call(owner, '/scorecard', { method: 'PUT', body: scorecardBody })).body.criteria;
    const [greeting, accuracy, tone] = card.map((c: any) => c.id);

    const answers = [
      { criterionId: greeting, answer: 'yes' },
      { criterionId: accuracy, answer: 4 },
      { criterionId: tone, answer: 'na' },
    ];
    // (1·1 + 3·0.75) / (1 + 3), tone left out.
    const made = await call(admin, '/chats/ca0/reviews', { method: 'POST', body: { answers, comment: 'Good, but check the tracking link first.' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.review.score).toBeCloseTo(0.8125, 10);
    expect(made.body.review.reviewer).toEqual({ id: ids.admin, name: 'Ada Admin' });
    expect(made.body.review.agent).toEqual({ id: ids.anna, name: 'Anna' });
    expect(made.body.review.answers.map((a: any) => [a.label, a.answer])).toEqual([['Greeting', 1], ['Accuracy', 4], ['Tone', null]]);

    // One per (chat, reviewer); another reviewer may review it too.
    expect((await call(admin, '/chats/ca0/reviews', { method: 'POST', body: { answers, comment: null } })).status).toBe(409);
    expect((await call(owner, '/chats/ca0/reviews', { method: 'POST', body: { answers: answers.map((a) => ({ ...a, answer: a.answer === 'yes' ? 'no' : a.answer })) } })).status).toBe(201);

    // Bad answers write nothing.
    const before = await s.store.value('SELECT COUNT(*) FROM reviews');
    const allNa = answers.map((a) => ({ ...a, answer: 'na' }));
    expect((await call(admin, '/chats/ca1/reviews', { method: 'POST', body: { answers: allNa } })).status).toBe(400);
    expect((await call(admin, '/chats/ca1/reviews', { method: 'POST', body: { answers: answers.slice(0, 2) } })).body.field).toBe('answers');
    expect((await call(admin, '/chats/ca1/reviews', { method: 'POST', body: { answers: [{ criterionId: greeting, answer: 3 }, ...answers.slice(1)] } })).body.field).toBe('answers.0.answer');
    expect((await call(admin, '/chats/ca1/reviews', { method: 'POST', body: { answers: [...answers, { criterionId: 'other', answer: 'yes' }] } })).body.field).toBe('answers.3.criterionId');
    expect((await call(admin, '/chats/ca1/reviews', { method: 'POST', body: { answers: [{ criterionId: accuracy, answer: 6 }] } })).body.field).toBe('answers.0.answer');
    expect((await call(admin, '/chats/none/reviews', { method: 'POST', body: { answers } })).status).toBe(404);
    expect(await s.store.value('SELECT COUNT(*) FROM reviews')).toBe(before);

    // Agents do not review; nobody unsigned does.
    expect((await call(anna, '/chats/cb0/reviews', { method: 'POST', body: { answers } })).status).toBe(403);
    expect((await fetch(`${s.url}/api/chats/cb0/reviews`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers }) })).status).toBe(401);

    // The chat's agent reads its reviews; another agent does not.
    expect((await call(anna, '/chats/ca0/reviews')).body.reviews).toHaveLength(2);
    expect((await call(bob, '/chats/ca0/reviews')).status).toBe(403);
    await call(admin, '/chats/cb0/reviews', { method: 'POST', body: { answers } });
    const annas = await call(anna, '/reviews');
    expect(annas.body.reviews.map((r: any) => r.chatId).sort()).toEqual(['ca0', 'ca0']);
    expect((await call(anna, `/reviews?agent=${ids.bob}`)).status).toBe(403);
    expect((await call(bob, '/reviews')).body.reviews.map((r: any) => r.chatId)).toEqual(['cb0']);
    expect((await call(owner, '/reviews')).body.reviews).toHaveLength(3);
    expect((await call(owner, `/reviews?agent=${ids.bob}`)).body.reviews).toHaveLength(1);
    expect((await call(owner, `/reviews?from=${iso(NOW + 1000)}`)).body.reviews).toHaveLength(0);
    expect((await call(owner, '/reviews?from=yesterday')).body.field).toBe('from');

    // Its reviewer changes it; nobody else does.
    const changed = await call(admin, `/reviews/${made.body.review.id}`, { method: 'PUT', body: { answers: answers.map((a) => ({ ...a, answer: a.criterionId === accuracy ? 5 : a.answer })), comment: 'Better on a second look.' } });
    expect(changed.status).toBe(200);
    expect(changed.body.review.score).toBe(1);
    expect((await call(owner, `/reviews/${made.body.review.id}`, { method: 'PUT', body: { answers } })).status).toBe(403);

    const audit = await call(owner, '/audit?action=review.');
    expect(audit.body.entries.map((e: any) => [e.action, e.target])).toEqual([
      ['review.changed', 'ca0'],
      ['review.created', 'cb0'],
      ['review.created', 'ca0'],
      ['review.created', 'ca0'],
    ]);
  });

  it('a review keeps the scorecard it was answered on when the scorecard changes', { timeout: 60_000 }, async () => {
    const { s, owner, ids, call } = await start();
    await importChats(s, owner, ids.anna, 'ca', 1, Date.parse('2026-11-30T09:00:00Z'));
    const card = (await call(owner, '/scorecard', { method: 'PUT', body: scorecardBody })).body.criteria;
    const made = await call(owner, '/chats/ca0/reviews', {
      method: 'POST',
      body: { answers: [{ criterionId: card[0].id, answer: 'no' }, { criterionId: card[1].id, answer: 5 }, { criterionId: card[2].id, answer: 'yes' }] },
    });
    expect(made.body.review.score).toBeCloseTo(5 / 6, 10);
    await call(owner, '/scorecard', {
      method: 'PUT',
      body: { criteria: [{ ...card[0], label: 'Warm greeting', weight: 10 }, { label: 'Resolution', weight: 1, kind: 'scale' }], reviewsPerAgentPerWeek: 2 },
    });
    const [kept] = (await call(owner, '/chats/ca0/reviews')).body.reviews;
    expect(kept.score).toBeCloseTo(5 / 6, 10);
    expect(kept.answers.map((a: any) => [a.label, a.weight, a.kind, a.answer])).toEqual([
      ['Greeting', 1, 'yes_no', 0],
      ['Accuracy', 3, 'scale', 5],
      ['Tone', 2, 'yes_no', 1],
    ]);
  });

  it('the to-review list samples N closed chats per agent and ISO week, the same on every call, without what the caller reviewed', { timeout: 60_000 }, async () => {
    const { s, owner, admin, anna, ids, call } = await start();
    // Last week (W48) and this week (W49) for Anna; this week for Bob; one of the owner's own;
    // and one of Anna's from W47, outside the list.
    await importChats(s, owner, ids.anna, 'ca-w48-', 5, Date.parse('2026-11-24T08:00:00Z'));
    await importChats(s, owner, ids.anna, 'ca-w49-', 4, Date.parse('2026-11-30T08:00:00Z'));
    await importChats(s, owner, ids.bob, 'cb-w49-', 1, Date.parse('2026-12-01T08:00:00Z'));
    await importChats(s, owner, ids.owner, 'co-w49-', 3, Date.parse('2026-12-01T08:00:00Z'));
    await importChats(s, owner, ids.anna, 'ca-w47-', 3, Date.parse('2026-11-17T08:00:00Z'));
    await importChats(s, owner, ids.bob, 'open-', 1, Date.parse('2026-12-02T11:00:00Z'), true);
    const card = (await call(owner, '/scorecard', { method: 'PUT', body: scorecardBody })).body.criteria;

    const list = await call(owner, '/reviews/to-review');
    expect(list.status).toBe(200);
    expect(list.body.weeks).toEqual(['2026-W48', '2026-W49']);
    const groups = (chats: any[]) => chats.reduce((n: Record<string, number>, c) => ({ ...n, [`${c.agent.name} ${c.week}`]: (n[`${c.agent.name} ${c.week}`] ?? 0) + 1 }), {});
    expect(groups(list.body.chats)).toEqual({ 'Anna 2026-W48': 2, 'Anna 2026-W49': 2, 'Bob 2026-W49': 1 });
    const first = list.body.chats.find((c: any) => c.chatId === 'cb-w49-0');
    expect(first).toMatchObject({ visitor: { id: 'v-cb-w49-0', name: null }, durationSec: 600, csat: 4, startedAt: Date.parse('2026-12-01T08:00:00Z') });

    // The same sample on every call, and for another reviewer (another node answers alike).
    expect((await call(owner, '/reviews/to-review')).body).toEqual(list.body);
    const adminList = (await call(admin, '/reviews/to-review')).body;
    // The owner's own chats are sampled for the admin, not for the owner.
    expect(adminList.chats.filter((c: any) => c.agent.id !== ids.owner)).toEqual(list.body.chats);
    expect(adminList.chats.filter((c: any) => c.agent.id === ids.owner)).toHaveLength(2);

    // Reviewing one takes it off the caller's list, and no other chat of that agent's week comes in.
    const picked = list.body.chats.find((c: any) => c.week === '2026-W48');
    const answers = card.map((c: any) => ({ criterionId: c.id, answer: c.kind === 'scale' ? 3 : 'yes' }));
    expect((await call(owner, `/chats/${picked.chatId}/reviews`, { method: 'POST', body: { answers } })).status).toBe(201);
    const after = (await call(owner, '/reviews/to-review')).body.chats;
    expect(after.map((c: any) => c.chatId)).toEqual(list.body.chats.map((c: any) => c.chatId).filter((id: string) => id !== picked.chatId));
    // Another reviewer still has it to review.
    expect((await call(admin, '/reviews/to-review')).body.chats.map((c: any) => c.chatId)).toContain(picked.chatId);

    // A larger sample setting takes more of each week; 0 takes none.
    await call(owner, '/scorecard', { method: 'PUT', body: { criteria: card, reviewsPerAgentPerWeek: 4 } });
    const larger = (await call(admin, '/reviews/to-review')).body.chats.filter((c: any) => c.agent.id !== ids.owner);
    expect(groups(larger)).toEqual({ 'Anna 2026-W48': 4, 'Anna 2026-W49': 4, 'Bob 2026-W49': 1 });
    await call(owner, '/scorecard', { method: 'PUT', body: { criteria: card, reviewsPerAgentPerWeek: 0 } });
    expect((await call(admin, '/reviews/to-review')).body.chats).toEqual([]);

    expect((await call(anna, '/reviews/to-review')).status).toBe(403);

    // An open chat is never sampled, but may be reviewed (METRICS.md §1).
    expect(list.body.chats.map((c: any) => c.chatId)).not.toContain('open-0');
    expect((await call(admin, '/chats/open-0/reviews', { method: 'POST', body: { answers } })).status).toBe(201);
  });
});
