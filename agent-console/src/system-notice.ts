import type { MessageView } from '../../shared/protocol.ts';
import { t } from './i18n.ts';

/** A system message in the console's language; messages without a notice (imported) keep their text. */
export function systemText(m: MessageView): string {
  const n = m.notice;
  switch (n?.kind) {
    case 'joined':
      return t('{agent} joined the chat', { agent: n.agent });
    case 'transferredToAgent':
      return t('{agent} transferred the chat to {target}', { agent: n.agent, target: n.target });
    case 'transferredToDepartment':
      return t('{agent} transferred the chat to the {target} queue', { agent: n.agent, target: n.target });
    case 'closedByAgent':
      return t('{agent} closed the chat', { agent: n.agent });
    case 'endedByVisitor':
      return t('The visitor ended the chat');
    case 'visitorLeft':
      return t('The visitor left before anyone replied');
    case 'requeued':
      return t('The agent is no longer available. The chat is back in the queue, first in line.');
    default:
      return m.text;
  }
}
