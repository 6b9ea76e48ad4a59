import { describe, expect, it, vi } from 'vitest';
import { runSiteCall, type SiteCallDeps } from './site-calls.ts';

function setup() {
  const requests: [string, unknown][] = [];
  const warnings: string[] = [];
  const deps = {
    session: {
      request: vi.fn(async (event: string, payload: unknown) => {
        requests.push([event, payload]);
        return { ok: true };
      }),
      setProfile: vi.fn(),
    },
    setLocale: vi.fn(),
    invite: vi.fn(),
    identified: vi.fn(),
    warn: (message: string) => void warnings.push(message),
  };
  return { deps: deps as unknown as SiteCallDeps & typeof deps, requests, warnings };
}

describe('runSiteCall', () => {
  it('sends identify with only the known fields, numbers from text taken as numbers', () => {
    const { deps, requests } = setup();
    runSiteCall(['identify', { id: 42, name: 'Ann', email: 'ann@example.com', signature: 'ab', signedAt: '1700000000', role: 'admin' }], deps);
    expect(requests).toEqual([['visitor:identify', { id: '42', name: 'Ann', email: 'ann@example.com', signature: 'ab', signedAt: 1700000000 }]]);
    expect(deps.identified).toHaveBeenCalledWith({ name: 'Ann', email: 'ann@example.com' });
  });

  it('gives each conversion its own id and an upper-case currency', () => {
    const { deps, requests } = setup();
    runSiteCall(['conversion', { value: '49.90', currency: 'eur' }], deps);
    runSiteCall(['conversion', { value: 10 }], deps);
    const [first, second] = requests.map(([, p]) => p as { id: string; value: number; currency?: string });
    expect(first).toMatchObject({ value: 49.9, currency: 'EUR' });
    expect(second).toEqual({ id: expect.stringMatching(/^cv_[0-9a-f]{32}$/), value: 10 });
    expect(first!.id).not.toBe(second!.id);
  });

  it('passes locale, department, attributes and invite on', () => {
    const { deps, requests } = setup();
    runSiteCall(['locale', ' ru-RU '], deps);
    runSiteCall(['department', 'sales'], deps);
    runSiteCall(['attributes', { plan: 'pro', seats: 3, trial: false, note: null }], deps);
    runSiteCall(['invite', '  Need help?  '], deps);
    expect(deps.setLocale).toHaveBeenCalledWith('ru-RU');
    expect(deps.session.setProfile).toHaveBeenCalledWith({ department: 'sales' });
    expect(requests).toEqual([['visitor:attributes', { plan: 'pro', seats: 3, trial: false, note: null }]]);
    expect(deps.invite).toHaveBeenCalledWith('Need help?');
  });

  it('explains each mistake on the console and sends nothing', () => {
    const { deps, requests, warnings } = setup();
    runSiteCall(['identify', 'Ann'], deps);
    runSiteCall(['identify', { name: ['Ann'] }], deps);
    runSiteCall(['identify', { id: 'u1', signedAt: 'yesterday' }], deps);
    runSiteCall(['conversion', { value: 'a lot' }], deps);
    runSiteCall(['conversion', { value: 5, currency: 978 }], deps);
    runSiteCall(['attributes', { tags: ['a'] }], deps);
    runSiteCall(['locale', ''], deps);
    runSiteCall(['department'], deps);
    runSiteCall(['invite', 7], deps);
    runSiteCall(['fly'], deps);
    expect(requests).toEqual([]);
    expect(warnings).toEqual([
      "Parley('identify'): give an object such as {id, name, email, signature, signedAt}",
      "Parley('identify'): name must be a string",
      "Parley('identify'): signedAt must be a number (epoch seconds)",
      "Parley('conversion'): value must be a number",
      'Parley(\'conversion\'): currency must be a code such as "EUR"',
      "Parley('attributes'): tags must be text, a number, true/false or null",
      'Parley(\'locale\'): give a language tag such as "ru" or "bg-BG"',
      'Parley(\'department\'): give a department id such as "sales"',
      "Parley('invite'): give the text to show",
      'Parley: unknown command "fly"',
    ]);
  });

  it("tells the site's developer what the server refused", async () => {
    const { deps, warnings } = setup();
    deps.session.request.mockResolvedValueOnce({ ok: false, error: 'signature: the signature does not match' } as never);
    runSiteCall(['identify', { id: 'u1', signature: 'ab'.repeat(32), signedAt: 1 }], deps);
    await vi.waitFor(() => expect(warnings).toEqual(["Parley('identify'): signature: the signature does not match"]));
  });
});
