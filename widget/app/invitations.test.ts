import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { invitationFor, Invitations, urlMatches, type InvitationReport, type InvitationRule } from './invitations.ts';
import { memoryStore } from './local-store.ts';
import { Visit, VISIT_GAP_MS, VISIT_KEY } from './visit.ts';

const rule = (change: Partial<InvitationRule> & { id: string }): InvitationRule => ({
  text: `Hello from ${change.id}`,
  urlPattern: '',
  afterSeconds: 0,
  visitors: 'all',
  ...change,
});

describe('urlMatches', () => {
  it('matches the whole address, or the path for a pattern starting with /', () => {
    expect(urlMatches('', 'https://shop.example/anything')).toBe(true);
    expect(urlMatches('/pricing', 'https://shop.example/pricing?utm=x')).toBe(true);
    expect(urlMatches('/pricing', 'https://shop.example/pricing/team')).toBe(false);
    expect(urlMatches('/pricing*', 'https://shop.example/pricing/team')).toBe(true);
    expect(urlMatches('/search?q=*', 'https://shop.example/search?q=boots')).toBe(true);
    expect(urlMatches('*/checkout/*', 'https://shop.example/en/checkout/pay')).toBe(true);
    expect(urlMatches('https://shop.example/*', 'https://other.example/')).toBe(false);
    // Pattern characters other than * are literal.
    expect(urlMatches('/a.b', 'https://shop.example/axb')).toBe(false);
  });
});

describe('visits', () => {
  it('a visit is new after 30 minutes away, and returning from the second one on', () => {
    const store = memoryStore();
    const first = new Visit(store, 0);
    expect(first.returning).toBe(false);
    first.markShown('welcome');
    const samePage = new Visit(store, VISIT_GAP_MS - 1);
    expect(samePage.returning).toBe(false);
    expect(samePage.wasShown('welcome')).toBe(true);
    const later = new Visit(store, 2 * VISIT_GAP_MS);
    expect(later.returning).toBe(true);
    expect(later.wasShown('welcome')).toBe(false);
    store.set(VISIT_KEY, 'not json');
    expect(new Visit(store, 0).returning).toBe(false);
  });

  it('picks the first rule for the page and the visitor, once per visit', () => {
    const rules = [rule({ id: 'back', visitors: 'returning' }), rule({ id: 'pricing', urlPattern: '/pricing' }), rule({ id: 'any' })];
    const fresh = { returning: false, wasShown: () => false };
    expect(invitationFor(rules, 'https://shop.example/pricing', fresh)!.id).toBe('pricing');
    expect(invitationFor(rules, 'https://shop.example/', { ...fresh, returning: true })!.id).toBe('back');
    expect(invitationFor(rules, 'https://shop.example/', { returning: false, wasShown: (id) => id === 'any' })).toBeNull();
  });
});

describe('Invitations', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(rules: InvitationRule[], mayInvite = true) {
    const reports: InvitationReport[] = [];
    let open = false;
    const invitations = new Invitations({
      rules,
      visit: new Visit(memoryStore(), Date.now()),
      record: (r) => reports.push(r),
      mayInvite: () => mayInvite,
      placeTaken: () => open,
      openWindow: () => (open = true),
    });
    return { invitations, reports, isOpen: () => open };
  }

  it('shows after the seconds on the page, records shown once on screen, clicked, then the chat', () => {
    const { invitations, reports, isOpen } = setup([rule({ id: 'help', afterSeconds: 20 })]);
    invitations.pageChanged('https://shop.example/boots');
    vi.advanceTimersByTime(19_999);
    expect(invitations.current).toBeNull();
    vi.advanceTimersByTime(1);
    expect(invitations.current).toEqual({ invitationId: 'help', text: 'Hello from help' });
    invitations.onScreen();
    invitations.onScreen();
    invitations.click();
    expect(isOpen()).toBe(true);
    expect(invitations.current).toBeNull();
    invitations.chatStarted('chat_1');
    invitations.chatStarted('chat_2');
    expect(reports).toEqual([
      { invitationId: 'help', kind: 'shown', url: 'https://shop.example/boots' },
      { invitationId: 'help', kind: 'clicked', url: 'https://shop.example/boots' },
      { invitationId: 'help', kind: 'chat_started', chatId: 'chat_1', url: 'https://shop.example/boots' },
    ]);
  });

  it('a navigation restarts the clock; a shown invitation does not come back in the same visit', () => {
    const { invitations } = setup([rule({ id: 'help', afterSeconds: 10 })]);
    invitations.pageChanged('https://shop.example/a');
    vi.advanceTimersByTime(9_000);
    invitations.pageChanged('https://shop.example/b');
    vi.advanceTimersByTime(9_000);
    expect(invitations.current).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(invitations.current?.invitationId).toBe('help');
    invitations.dismiss();
    invitations.pageChanged('https://shop.example/c');
    vi.advanceTimersByTime(60_000);
    expect(invitations.current).toBeNull();
  });

  it('a due invitation waits until it may show, on the same page only', () => {
    let may = false;
    const make = () =>
      new Invitations({
        rules: [rule({ id: 'help', afterSeconds: 5 })],
        visit: new Visit(memoryStore(), Date.now()),
        record: () => {},
        mayInvite: () => may,
        placeTaken: () => false,
        openWindow: () => {},
      });
    const invitations = make();
    invitations.pageChanged('https://shop.example/a');
    vi.advanceTimersByTime(5000);
    invitations.recheck();
    expect(invitations.current).toBeNull();
    may = true;
    invitations.recheck();
    expect(invitations.current?.invitationId).toBe('help');

    // Due, then the visitor moved on before it could show: the new page starts its own clock.
    const other = make();
    may = false;
    other.pageChanged('https://shop.example/a');
    vi.advanceTimersByTime(5000);
    other.pageChanged('https://shop.example/b');
    may = true;
    other.recheck();
    expect(other.current).toBeNull();
    vi.advanceTimersByTime(5000);
    expect(other.current?.invitationId).toBe('help');
  });

  it('while the place is taken (an NPS card due) the site’s invite is not drawn and the owner’s waits, unconsumed', () => {
    let cardDue = true;
    const reports: InvitationReport[] = [];
    const visit = new Visit(memoryStore(), Date.now());
    const invitations = new Invitations({
      rules: [rule({ id: 'help' })],
      visit,
      record: (r) => reports.push(r),
      mayInvite: () => !cardDue,
      placeTaken: () => cardDue,
      openWindow: () => {},
    });
    invitations.pageChanged('https://shop.example/');
    vi.runAllTimers();
    invitations.invite('Free shipping today');
    invitations.recheck();
    expect(invitations.current).toBeNull();
    expect(visit.wasShown('help')).toBe(false);
    cardDue = false;
    invitations.recheck();
    expect(invitations.current?.invitationId).toBe('help');
    // A card that comes while a bubble is up takes its place; what was seen stays recorded.
    invitations.onScreen();
    invitations.giveWay();
    expect(invitations.current).toBeNull();
    expect(reports.map((r) => r.kind)).toEqual(['shown']);
  });

  it('the owner’s rules wait while a chat goes on; the site’s invite waits only for a closed window', () => {
    const { invitations, reports } = setup([rule({ id: 'help' })], false);
    invitations.pageChanged('https://shop.example/');
    vi.runAllTimers();
    expect(invitations.current).toBeNull();
    invitations.invite('Free shipping today: ask us how!');
    expect(invitations.current).toEqual({ invitationId: null, text: 'Free shipping today: ask us how!' });
    invitations.giveWay();
    expect(invitations.current).toBeNull();
    expect(reports).toEqual([]);
  });
});
