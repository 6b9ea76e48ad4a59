// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { t } from './i18n.ts';
import { ApiKeysSection } from './settings-api-keys.tsx';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://console.test');
    if (url.pathname !== '/api/api-keys') return json(404, { error: 'no such endpoint' });
    if (init?.method === 'POST') return json(201, { id: 'k1', name: 'CRM sync', scopes: ['metrics:read'], key: 'parley_0123456789abcdef_secret' });
    return json(200, { apiKeys: [] });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ApiKeysSection', () => {
  it('marks the new key’s name as a name in the sentence about it', async () => {
    render(<ApiKeysSection />);
    await screen.findByText('No API keys yet.');
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'CRM sync' } });
    fireEvent.click(screen.getByRole('button', { name: 'Make key' }));
    await screen.findByText('The key “CRM sync”. Copy it now: it is not shown again.');
  });

  it('quotes the name in Russian and Bulgarian as those languages do', () => {
    expect(t('The key “{name}”. Copy it now: it is not shown again.', { name: 'CRM' }, 'ru')).toMatch(/^Ключ «CRM»\./);
    expect(t('The key “{name}”. Copy it now: it is not shown again.', { name: 'CRM' }, 'bg')).toMatch(/^Ключът „CRM“\./);
  });
});
