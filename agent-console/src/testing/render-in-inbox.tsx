import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import type { InboxSnapshot } from '../../../shared/protocol.ts';
import { InboxContext } from '../inbox-context.ts';
import { InboxStore } from '../inbox-store.ts';
import { inbox, me } from './chat-fixtures.ts';
import { FakeAgentSocket } from './fake-agent-socket.ts';

/**
 * Renders `ui` as the console does, inside a started InboxStore signed in as `me` on a fake
 * socket: `agent:hello` answers `snapshot`, `team:list` an empty team, unless the socket answers
 * them already. The caller stops the store (afterEach).
 */
export function renderInInbox(ui: ComponentChildren, socket = new FakeAgentSocket(), snapshot: InboxSnapshot = inbox()): InboxStore {
  socket.answers['agent:hello'] ??= () => ({ ok: true, inbox: snapshot });
  socket.answers['team:list'] ??= () => ({ ok: true, agents: [], departments: [] });
  const store = new InboxStore({ socket: socket.asSocket(), agentId: me.id, requestTimeoutMs: 50, retryDelayMs: 10 });
  store.start();
  render(<InboxContext.Provider value={store}>{ui}</InboxContext.Provider>);
  return store;
}
