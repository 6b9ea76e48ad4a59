import { describe, expect, it } from 'vitest';
import { testConfig, type SignInLimitsConfig } from '../server/config.ts';
import { screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { api, consoleBrowserTests, poll } from './console-browser-kit.ts';

// The limits of sign-in attempts (server/http/sign-in-limits.ts) as the built console shows
// them, in Chromium against a real server: the sign-in form and the invitation page say how
// long to wait, in the console's language.

let server: TestServer | undefined;
const kit = consoleBrowserTests(async () => {
  await server?.close(true);
  server = undefined;
});

const limits = (changes: Partial<SignInLimitsConfig>): SignInLimitsConfig => ({ ...testConfig().signInLimits, ...changes });

describe('too many sign-in attempts', () => {
  it('the sign-in form says how long to wait, in the chosen language', async () => {
    server = await startTestServer({ config: { signInLimits: limits({ consecutiveFails: 2 }) } });
    const page = await kit.newPage();
    await page.goto(`${server.url}/console/`);
    const submit = async (password: string) => {
      await page.locator('input[name=email]').fill('owner@example.com');
      await page.locator('input[name=password]').fill(password);
      await page.locator('button[type=submit]').click();
    };

    await submit('guess-1');
    await poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or password.');
    await submit('guess-2');
    await poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    await submit('owner-password');
    await poll(() => page.getByRole('alert').textContent()).toBe('Too many attempts. Try again in 1 min.');
    await page.screenshot({ path: screenshotPath('console-sign-in-too-many') });

    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await submit('owner-password');
    await poll(() => page.getByRole('alert').textContent()).toBe('Слишком много попыток. Попробуйте снова через 1 мин.');
  });

  it('the invitation page says so too: it shares the limit of the address with signing in', async () => {
    server = await startTestServer({ config: { signInLimits: limits({ failsPerIpPerDay: 3 }) } });
    const owner = await loginToken(server.url);
    const invited = await api(server.url, owner, '/agent-invitations', { method: 'POST', body: { name: 'Dana', email: 'dana@example.com', role: 'agent' } });
    expect(invited.status).toBe(201);
    // Three wrong passwords from this machine, the browser's address too.
    for (const password of ['guess-1', 'guess-2', 'guess-3']) {
      await expect(loginToken(server.url, 'owner@example.com', password)).rejects.toThrow(/401/);
    }

    const page = await kit.newPage();
    await page.goto(invited.body.invitation.link);
    await page.getByRole('heading', { name: 'Welcome, Dana' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill('dana-password');
    await page.getByLabel('Password again').fill('dana-password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toBe('Too many attempts. Try again in 24 h.');
  });
});
