// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VisitorsSection } from './settings-visitors.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const lunchBreak = {
  timeZone: 'Europe/Sofia',
  days: {
    ...closed,
    mon: [
      { from: '09:00', to: '13:00' },
      { from: '14:00', to: '18:00' },
    ],
    sat: [{ from: '18:00', to: '24:00' }],
  },
};
const loaded = {
  siteName: 'Shop',
  routingMode: 'manual' as const,
  allowedOrigins: [],
  requireTagToClose: false,
  autoAwayMinutes: 0,
  widget: { color: '#2f5bea', position: 'right' as const, greeting: '', launcherText: '', theme: 'auto' as const },
  tracking: true,
  preChatForm: { name: 'off' as const, email: 'off' as const, department: 'off' as const },
  invitations: [],
  businessHours: { '*': lunchBreak },
  requireTwoFactor: false,
};

/** PATCH /api/settings bodies, answered as the server would (or with `refusal`). */
function stubSettingsApi(refusal?: { error: string; field: string }) {
  const patches: any[] = [];
  vi.stubGlobal('fetch', async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    patches.push(body);
    const json = (status: number, answer: unknown) =>
      new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
    return refusal ? json(400, refusal) : json(200, { settings: { ...loaded, ...body } });
  });
  return patches;
}

describe('VisitorsSection business hours', () => {
  it('keeps every span of a day with a lunch break when the owner edits that day', async () => {
    const patches = stubSettingsApi();
    render(<VisitorsSection settings={loaded} departments={[]} onSaved={() => {}} />);
    fireEvent.input(screen.getByLabelText('Monday opens'), { target: { value: '08:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save visitor settings' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0].businessHours['*'].days.mon).toEqual([
      { from: '08:30', to: '13:00' },
      { from: '14:00', to: '18:00' },
    ]);
  });

  it('sends the hours as they were when the owner saves without touching them', async () => {
    const patches = stubSettingsApi();
    render(<VisitorsSection settings={loaded} departments={[]} onSaved={() => {}} />);
    expect((screen.getByLabelText('Monday, span 2 opens') as HTMLInputElement).value).toBe('14:00');
    // 24:00 is shown as 00:00 (a time input has no 24:00) and saved as 24:00 again.
    expect((screen.getByLabelText('Saturday closes') as HTMLInputElement).value).toBe('00:00');
    fireEvent.click(screen.getByRole('button', { name: 'Save visitor settings' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0].businessHours).toEqual({ '*': lunchBreak });
  });

  it('adds, removes and copies spans and closes days', async () => {
    const patches = stubSettingsApi();
    render(<VisitorsSection settings={loaded} departments={[]} onSaved={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add a span on Monday' }));
    const third = screen.getByLabelText('Monday, span 3 opens') as HTMLInputElement;
    expect(third.value).toBe('19:00');
    expect(document.activeElement).toBe(third);
    fireEvent.input(screen.getByLabelText('Monday, span 3 closes'), { target: { value: '21:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a span on Monday' }));
    // Four is the most a day takes.
    expect(screen.queryByRole('button', { name: 'Add a span on Monday' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove span 4 on Monday' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Monday, span 3 opens'));
    fireEvent.click(screen.getByRole('button', { name: 'Copy Monday to Tuesday–Friday' }));
    expect(screen.getByRole('status').textContent).toBe('Monday’s hours copied to Tuesday–Friday.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Open on Wednesday' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove span 1 on Thursday' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Open on Saturday' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Open on Sunday' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save visitor settings' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    const monday = [
      { from: '09:00', to: '13:00' },
      { from: '14:00', to: '18:00' },
      { from: '19:00', to: '21:00' },
    ];
    expect(patches[0].businessHours['*']).toEqual({
      timeZone: 'Europe/Sofia',
      days: { mon: monday, tue: monday, wed: [], thu: monday.slice(1), fri: monday, sat: [], sun: [{ from: '09:00', to: '18:00' }] },
    });
  });

  it('marks reversed and overlapping spans at once and does not save them', async () => {
    const patches = stubSettingsApi();
    render(<VisitorsSection settings={loaded} departments={[]} onSaved={() => {}} />);
    const secondOpens = screen.getByLabelText('Monday, span 2 opens') as HTMLInputElement;
    fireEvent.input(secondOpens, { target: { value: '12:00' } });
    const overlap = screen.getByText('Overlaps 09:00–13:00 on the same day');
    expect(secondOpens.getAttribute('aria-invalid')).toBe('true');
    expect(secondOpens.getAttribute('aria-describedby')).toBe(overlap.id);
    fireEvent.input(screen.getByLabelText('Saturday opens'), { target: { value: '23:00' } });
    expect(screen.queryByText(/It must open before it closes/)).toBeNull();
    fireEvent.input(screen.getByLabelText('Saturday closes'), { target: { value: '22:00' } });
    screen.getByText('It must open before it closes (23:00–22:00)');
    fireEvent.input(screen.getByLabelText('Time zone'), { target: { value: 'Mars/Base' } });
    screen.getByText('Not a time zone: pick one from the list, e.g. Europe/Sofia');

    fireEvent.click(screen.getByRole('button', { name: 'Save visitor settings' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Not saved: Check the opening hours marked below.'));
    expect(patches).toEqual([]);
    expect(document.activeElement).toBe(screen.getByLabelText('Time zone'));
    fireEvent.input(screen.getByLabelText('Time zone'), { target: { value: 'europe/sofia' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'europe/sofia' } });
    expect((screen.getByLabelText('Time zone') as HTMLInputElement).value).toBe('Europe/Sofia');
    fireEvent.input(secondOpens, { target: { value: '13:00' } });
    fireEvent.input(screen.getByLabelText('Saturday opens'), { target: { value: '21:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save visitor settings' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0].businessHours['*'].days.mon[1]).toEqual({ from: '13:00', to: '18:00' });
    expect(patches[0].businessHours['*'].timeZone).toBe('Europe/Sofia');
  });

  it('shows the server’s refusal at the span, day or time zone it names', async () => {
    stubSettingsApi({ error: 'businessHours.*.days.mon.1: from must be before to', field: 'businessHours.*.days.mon.1' });
    render(<VisitorsSection settings={loaded} departments={[]} onSaved={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save visitor settings' }));
    const message = await screen.findByText('from must be before to');
    const closes = screen.getByLabelText('Monday, span 2 closes');
    expect(closes.getAttribute('aria-invalid')).toBe('true');
    expect(closes.getAttribute('aria-describedby')).toBe(message.id);
    expect(screen.getByLabelText('Monday opens').getAttribute('aria-invalid')).toBeNull();
    cleanup();

    stubSettingsApi({ error: 'businessHours.*.days.sat.0.to: must be a time such as 09:00', field: 'businessHours.*.days.sat.0.to' });
    render(<VisitorsSection settings={loaded} departments={[]} onSaved={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save visitor settings' }));
    const timeMessage = await screen.findByText('must be a time such as 09:00');
    expect(screen.getByLabelText('Saturday closes').getAttribute('aria-describedby')).toBe(timeMessage.id);
    expect(screen.getByLabelText('Saturday opens').getAttribute('aria-invalid')).toBeNull();
    cleanup();

    stubSettingsApi({ error: 'businessHours.*.timeZone: must be an IANA time zone such as Europe/Sofia', field: 'businessHours.*.timeZone' });
    render(<VisitorsSection settings={loaded} departments={[]} onSaved={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save visitor settings' }));
    await screen.findByText('must be an IANA time zone such as Europe/Sofia');
    expect(screen.getByLabelText('Time zone').getAttribute('aria-invalid')).toBe('true');
  });
});
