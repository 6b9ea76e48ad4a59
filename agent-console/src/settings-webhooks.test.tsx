// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WEBHOOKS_REFRESH_MS, WebhooksSection } from './settings-webhooks.tsx';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const endpoint = { id: 'w1', url: 'https://crm.example.com/hook', events: ['chat.started'], createdAt: 1_000, failingSince: null, disabledAt: null, disabledReason: null };

beforeEach(() => {
  let added = false;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://console.test');
    if (url.pathname !== '/api/webhooks') return json(404, { error: 'no such endpoint' });
    if (init?.method === 'POST') {
      added = true;
      return json(201, { ...endpoint, secret: 'whsec_0123456789abcdef' });
    }
    return json(200, { webhooks: added ? [endpoint] : [] });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('WebhooksSection', () => {
  it('offers to copy the signing secret of a new endpoint, as the API keys do', async () => {
    const writes = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    render(<WebhooksSection />);
    await screen.findByText('No webhooks yet.');
    fireEvent.input(screen.getByLabelText('URL'), { target: { value: endpoint.url } });
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));

    const shown = (await screen.findByText(/Copy it now/)).closest('[role="status"]') as HTMLElement;
    expect((within(shown).getByLabelText('The new signing secret') as HTMLInputElement).value).toBe('whsec_0123456789abcdef');
    fireEvent.click(within(shown).getByRole('button', { name: 'Copy secret' }));
    await within(shown).findByText('Copied.');
    expect(writes).toHaveBeenCalledWith('whsec_0123456789abcdef');
  });

  it("follows an endpoint's state while the page is open, its delivery list closed", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let failingSince: number | null = Date.parse('2026-03-02T10:00:00Z');
      vi.stubGlobal('fetch', async () => json(200, { webhooks: [{ ...endpoint, failingSince }] }));
      render(<WebhooksSection />);
      await screen.findByText(/^Failing since/);
      // The receiver answers again: a later delivery succeeded.
      failingSince = null;
      vi.advanceTimersByTime(WEBHOOKS_REFRESH_MS);
      await vi.waitFor(() => expect(screen.queryByText(/^Failing since/)).toBeNull());
      expect(screen.getByText(endpoint.url)).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});
