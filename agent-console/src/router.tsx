import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

// Console pages live under the app's base path (/console/ when built): /console/inbox, and
// later /console/dashboard, /console/settings. The server answers every /console/* path with
// the app, so a page's URL can be reloaded and shared.

const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');

/** The page path of a location, e.g. "inbox" for /console/inbox/. */
export function pagePathOf(pathname: string): string {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : pathname.replace(/^\//, '');
  return rest.replace(/\/+$/, '');
}

export function hrefOf(pagePath: string): string {
  return base + pagePath;
}

const listeners = new Set<() => void>();

export function navigate(pagePath: string, { replace = false } = {}): void {
  const href = hrefOf(pagePath);
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  for (const l of listeners) l();
}

export function useCurrentPagePath(): string {
  const [path, setPath] = useState(() => pagePathOf(location.pathname));
  useEffect(() => {
    const update = () => setPath(pagePathOf(location.pathname));
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** A link to a console page that switches pages without reloading the app. */
export function PageLink(props: { to: string; current: boolean; children: ComponentChildren }) {
  return (
    <a
      href={hrefOf(props.to)}
      class="nav-link"
      aria-current={props.current ? 'page' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
