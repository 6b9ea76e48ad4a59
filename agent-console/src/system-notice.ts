import type { MessageView } from '../../shared/protocol.ts';
import { wordNotice, type NoticeWords } from '../../shared/system-notices.ts';
import { t } from './i18n.ts';

/** The notices as agents read them, in the console's language (the visitor's words are in shared/). */
const agentWords = (): NoticeWords => ({
  joined: (agent) => t('{agent} joined the chat', { agent }),
  transferredToAgent: (agent, target) => t('{agent} transferred the chat to {target}', { agent, target }),
  transferredToDepartment: (agent, target) => t('{agent} transferred the chat to the {target} queue', { agent, target }),
  closedByAgent: (agent) => t('{agent} closed the chat', { agent }),
  endedByVisitor: t('The visitor ended the chat'),
  visitorLeft: t('The visitor left before anyone replied'),
  requeued: t('The agent is no longer available. The chat is back in the queue, first in line.'),
  blocked: t('The visitor was blocked: the chat was closed'),
});

/** A system message in the console's language; messages without a notice (imported) keep their text. */
export function systemText(m: MessageView): string {
  return m.notice ? wordNotice(m.notice, agentWords()) : m.text;
}
