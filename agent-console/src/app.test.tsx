// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './app.tsx';
import { setLanguage, type Language } from './i18n.ts';
import { inbox, me } from './testing/chat-fixtures.ts';
import { FakeAgentSocket } from './testing/fake-agent-socket.ts';

const agent = { id: me.id, name: me.name, email: me.email, role: me.role };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

let socket: FakeAgentSocket;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  localStorage.clear();
  socket = new FakeAgentSocket();
  socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLanguage('en');
});

describe('App', () => {
  it('asks to sign in without a session, explains a wrong password, then opens the inbox', async () => {
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (url === '/api/auth/me') return json(401, { error: 'sign in first' });
      const body = JSON.parse(String(init?.body));
      if (body.password !== 'right') return json(401, { error: 'email or password is wrong' });
      return json(200, { token: 't', agent });
    });
    render(<App connect={() => socket.asSocket()} />);

    fireEvent.input(await screen.findByLabelText('Email'), { target: { value: 'owner@example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
    expect(socket.connected).toBe(false);

    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'right' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const status = (await screen.findByRole('combobox', { name: 'Status' })) as HTMLSelectElement;
    await vi.waitFor(() => expect(status.value).toBe('online'));
    expect(socket.connected).toBe(true);
    expect([...status.options].map((o) => o.textContent)).toEqual(['Online', 'Away', 'Offline']);
    expect(screen.getByText(me.name)).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/login', expect.objectContaining({ method: 'POST' }));
  });

  it('says how long to wait when the server refuses more attempts, in the console’s language', async () => {
    fetchMock.mockImplementation(async (url: string) => {
      if (url === '/api/auth/me') return json(401, { error: 'sign in first' });
      return new Response(JSON.stringify({ error: 'too many sign-in attempts: try again in 240 seconds' }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '240' },
      });
    });
    const said: Partial<Record<Language, string | null>> = {};
    for (const lang of ['en', 'ru', 'bg'] as const) {
      setLanguage(lang);
      const { container } = render(<App connect={() => socket.asSocket()} />);
      await screen.findByRole('button');
      fireEvent.input(container.querySelector('input[name=email]')!, { target: { value: 'owner@example.com' } });
      fireEvent.input(container.querySelector('input[name=password]')!, { target: { value: 'owner-password' } });
      fireEvent.submit(container.querySelector('form')!);
      said[lang] = (await screen.findByRole('alert')).textContent;
      cleanup();
    }
    expect(said).toEqual({
      en: 'Too many attempts. Try again in 4 min.',
      ru: 'Слишком много попыток. Попробуйте снова через 4 мин.',
      bg: 'Твърде много опити. Опитайте отново след 4 мин.',
    });
    expect(socket.connected).toBe(false);
  });

  it('asks for both fields before calling the server', async () => {
    fetchMock.mockResolvedValue(json(401, { error: 'sign in first' }));
    render(<App connect={() => socket.asSocket()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter your email and password.');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('continues a live session without asking to sign in', async () => {
    fetchMock.mockResolvedValue(json(200, { agent }));
    render(<App connect={() => socket.asSocket()} />);
    expect(await screen.findByRole('combobox', { name: 'Status' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });

  it('signs out: ends the session on the server, closes the socket, shows the sign in form', async () => {
    fetchMock.mockImplementation(async (url: string) =>
      url === '/api/auth/me' ? json(200, { agent }) : json(200, { ok: true }),
    );
    render(<App connect={() => socket.asSocket()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/logout', expect.objectContaining({ method: 'POST' }));
    expect(socket.connected).toBe(false);
  });

  it('goes back to sign in when the server refuses the socket because the session ended', async () => {
    let signedIn = true;
    fetchMock.mockImplementation(async () => (signedIn ? json(200, { agent }) : json(401, { error: 'sign in first' })));
    render(<App connect={() => socket.asSocket()} />);
    await screen.findByRole('combobox', { name: 'Status' });
    signedIn = false;
    socket.refuse();
    expect(await screen.findByText('Your session has ended. Sign in again.')).toBeTruthy();
  });
});
