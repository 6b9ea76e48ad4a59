// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import type { FunctionComponent } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from './i18n.ts';
import { lazyPage } from './lazy-page.tsx';

afterEach(() => {
  cleanup();
  setLanguage('en');
});

/** A chunk's loading, settled by the test. */
function chunk<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const Greeting: FunctionComponent<{ name: string }> = ({ name }) => <h1>Hello, {name}</h1>;

describe('lazyPage', () => {
  it('says it is loading (a status), then shows the page with its props; shown again, the page is there at once', async () => {
    const loading = chunk<FunctionComponent<{ name: string }>>();
    let loads = 0;
    const Page = lazyPage(() => {
      loads++;
      return loading.promise;
    });
    render(<Page name="Ann" />);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('true');

    loading.resolve(Greeting);
    expect((await screen.findByRole('heading')).textContent).toBe('Hello, Ann');
    expect(screen.queryByRole('status')).toBeNull();

    cleanup();
    render(<Page name="Bo" />);
    expect(screen.getByRole('heading').textContent).toBe('Hello, Bo');
    expect(loads).toBe(1);
  });

  it('says so in the console’s language', () => {
    const said: Record<string, string | null> = {};
    for (const lang of ['en', 'ru', 'bg'] as const) {
      setLanguage(lang);
      const Page = lazyPage(() => chunk<FunctionComponent>().promise);
      render(<Page />);
      said[lang] = screen.getByRole('status').textContent;
      cleanup();
    }
    expect(said).toEqual({ en: 'Loading…', ru: 'Загрузка…', bg: 'Зареждане…' });
  });

  it('says when the page could not be loaded (a chunk gone since a deployment) and offers to try again', async () => {
    const loading = chunk<FunctionComponent>();
    const Page = lazyPage(() => loading.promise);
    render(<Page />);
    loading.reject(new TypeError('Failed to fetch dynamically imported module'));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not load this page. Try again');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
