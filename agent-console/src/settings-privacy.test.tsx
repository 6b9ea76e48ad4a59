// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PrivacySection } from './settings-privacy.tsx';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** GET /api/privacy/retention answers that the last run erased `chats` chats. */
function stubPrivacyApi(chats: number) {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://console.test');
    if (url.pathname === '/api/privacy/retention') {
      return json(200, { retentionDays: 30, nextRunAt: null, lastRun: { at: '2026-12-05T03:00:00.000Z', chats, visitors: 0 } });
    }
    if (url.pathname === '/api/visitor-blocks') return json(200, { blocks: [] });
    return json(404, { error: 'no such endpoint' });
  });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('PrivacySection retention', () => {
  it.each([
    [1, /, 1 chat erased$/],
    [2, /, 2 chats erased$/],
  ])('says how many chats the last run erased in the right number (%i)', async (chats, said) => {
    stubPrivacyApi(chats);
    render(<PrivacySection />);
    expect((await screen.findByTestId('retention-status')).textContent).toMatch(said);
  });
});
