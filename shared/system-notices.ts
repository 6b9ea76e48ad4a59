/**
 * What a system message says, as data: the widget and the transcript word it in the visitor's
 * language (the console has its own words, for agents); the stored `text` is the English
 * wording (export, old clients).
 */
export type SystemNotice =
  | { kind: 'joined'; agent: string }
  | { kind: 'transferredToAgent'; agent: string; target: string }
  | { kind: 'transferredToDepartment'; agent: string; target: string }
  | { kind: 'closedByAgent'; agent: string }
  | { kind: 'endedByVisitor' }
  | { kind: 'visitorLeft' }
  | { kind: 'requeued' }
  | { kind: 'blocked' };

/** The visitor's words for each notice, in one language. */
export interface NoticeWords {
  joined(agent: string): string;
  transferredToAgent(agent: string, target: string): string;
  transferredToDepartment(agent: string, target: string): string;
  closedByAgent(agent: string): string;
  endedByVisitor: string;
  visitorLeft: string;
  requeued: string;
  blocked: string;
}

export const noticeWordsEn: NoticeWords = {
  joined: (agent) => `${agent} joined the chat`,
  transferredToAgent: (agent, target) => `${agent} transferred the chat to ${target}`,
  transferredToDepartment: (agent, target) => `${agent} transferred the chat to ${target}. Someone will be with you shortly.`,
  closedByAgent: (agent) => `${agent} closed the chat`,
  endedByVisitor: 'Chat ended',
  visitorLeft: 'The visitor left before anyone replied',
  requeued: 'The agent is no longer available. You are back in the queue, first in line.',
  blocked: 'Chat is not available',
};

export function wordNotice(n: SystemNotice, words: NoticeWords): string {
  switch (n.kind) {
    case 'joined':
      return words.joined(n.agent);
    case 'transferredToAgent':
      return words.transferredToAgent(n.agent, n.target);
    case 'transferredToDepartment':
      return words.transferredToDepartment(n.agent, n.target);
    case 'closedByAgent':
      return words.closedByAgent(n.agent);
    default:
      return words[n.kind];
  }
}

/** The English text stored with the message. */
export const noticeText = (n: SystemNotice): string => wordNotice(n, noticeWordsEn);
