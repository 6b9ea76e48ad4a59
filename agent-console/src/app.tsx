import { useEffect, useMemo, useState } from 'preact/hooks';
import { connectAgentSocket, type AgentSocket } from './agent-socket.ts';
import { currentAgent, signOut, type SignedInAgent } from './auth-api.ts';
import { t, useLanguage } from './i18n.ts';
import { InboxContext, useInboxState } from './inbox-context.ts';
import { unreadTotal } from './inbox-state.ts';
import { InboxStore } from './inbox-store.ts';
import { useUnreadTitle } from './page-title.ts';
import { lazyPage } from './lazy-page.tsx';
import { forgetAgent, rememberAgent, rememberedAgent } from './offline-session.ts';
import { consolePages, type ConsolePage } from './pages.ts';
import { navigate, useCurrentPagePath } from './router.tsx';
import { SignInPage } from './sign-in-page.tsx';
import { TopBar } from './top-bar.tsx';
import { WorkdayWatchers } from './workday-watchers.tsx';

// Opened by few, and rarely: loaded when needed, like the pages other than the inbox.
const InvitePage = lazyPage(() => import('./invite-page.tsx').then((m) => m.InvitePage));
const TwoFactorEnrolmentPage = lazyPage(() => import('./account-page.tsx').then((m) => m.TwoFactorEnrolmentPage));

type Session =
  | { kind: 'checking' }
  | { kind: 'signed-out'; reason: string | null }
  | { kind: 'signed-in'; agent: SignedInAgent };

export interface AppProps {
  /** Opens the /agent socket (not yet connected); tests pass a fake. */
  connect?: () => AgentSocket;
  pages?: ConsolePage[];
}

export function App({ connect = connectAgentSocket, pages = consolePages }: AppProps) {
  const [session, setSession] = useState<Session>({ kind: 'checking' });
  // The whole console re-renders in the language picked in the top bar.
  useLanguage();
  const inviteToken = /^invite\/([^/]+)$/.exec(useCurrentPagePath())?.[1];

  useEffect(() => {
    currentAgent().then(
      (agent) => setSession(agent ? { kind: 'signed-in', agent } : { kind: 'signed-out', reason: null }),
      () => {
        // No network (an installed app opened offline): the shell of who was signed in here,
        // reconnecting, rather than a sign-in that cannot work either.
        const remembered = rememberedAgent();
        setSession(remembered ? { kind: 'signed-in', agent: remembered } : { kind: 'signed-out', reason: t('Cannot reach the server right now.') });
      },
    );
  }, []);

  // An invitation link opens its own page, whoever is signed in here: accepting signs in as the invitee.
  if (inviteToken) {
    return (
      <InvitePage
        token={inviteToken}
        onSignedIn={(agent) => {
          setSession({ kind: 'signed-in', agent });
          // Replaced, so that Back does not lead to the spent link.
          navigate('inbox', { replace: true });
        }}
        onSignIn={() => navigate('', { replace: true })}
      />
    );
  }
  if (session.kind === 'checking') return <div class="splash" aria-busy="true">{t('Loading…')}</div>;
  if (session.kind === 'signed-out') {
    return <SignInPage reason={session.reason} onSignedIn={(agent) => setSession({ kind: 'signed-in', agent })} />;
  }
  if (session.agent.mustEnrolTwoFactor) {
    const agent = session.agent;
    return (
      <TwoFactorEnrolmentPage
        onEnrolled={() => setSession({ kind: 'signed-in', agent: { ...agent, twoFactor: true, mustEnrolTwoFactor: false } })}
        onSignOut={() => void signOut().finally(() => setSession({ kind: 'signed-out', reason: null }))}
      />
    );
  }
  return (
    <Console
      key={session.agent.id}
      agent={session.agent}
      connect={connect}
      pages={pages}
      onSignedOut={(reason) => setSession({ kind: 'signed-out', reason })}
      onMustEnrol={(agent) => setSession({ kind: 'signed-in', agent })}
    />
  );
}

function Console(props: {
  agent: SignedInAgent;
  connect: () => AgentSocket;
  pages: ConsolePage[];
  onSignedOut: (reason: string | null) => void;
  /** The owner came to require two-factor sign-in meanwhile: the enrolment screen takes over. */
  onMustEnrol: (agent: SignedInAgent) => void;
}) {
  const { agent, onSignedOut } = props;
  const pages = props.pages.filter((p) => !p.roles || p.roles.includes(agent.role));
  useEffect(() => rememberAgent(agent), [agent]);
  const store = useMemo(() => {
    const socket = props.connect();
    const store: InboxStore = new InboxStore({
      socket,
      agentId: agent.id,
      // Refused by the server: either the session ended (back to sign in) or the server is
      // restarting (try again shortly).
      onConnectionRefused: () => {
        currentAgent().then(
          (still) => {
            if (still?.mustEnrolTwoFactor) props.onMustEnrol(still);
            else if (still) setTimeout(() => store.start(), 2000);
            else {
              forgetAgent();
              onSignedOut(t('Your session has ended. Sign in again.'));
            }
          },
          () => setTimeout(() => store.start(), 2000),
        );
      },
    });
    return store;
  }, [agent.id]);

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  const path = useCurrentPagePath();
  const page = pages.find((p) => p.path === path);
  useEffect(() => {
    if (!page) navigate(pages[0].path, { replace: true });
  }, [page]);
  const Page = (page ?? pages[0]).component;

  async function leave() {
    try {
      await signOut();
    } finally {
      forgetAgent();
      onSignedOut(null);
    }
  }

  return (
    <InboxContext.Provider value={store}>
      <UnreadTitle />
      <WorkdayWatchers />
      <div class="shell">
        <TopBar agent={agent} pages={pages.filter((p) => !p.unlisted)} currentPath={(page ?? pages[0]).path} onSignOut={() => void leave()} />
        <Page />
      </div>
    </InboxContext.Provider>
  );
}

function UnreadTitle() {
  useUnreadTitle(unreadTotal(useInboxState()));
  return null;
}
