/**
 * What a system message says, as data: the widget and the console word it in their own
 * language; the stored `text` is the English wording below (transcripts, export, old clients).
 */
export type SystemNotice =
  | { kind: 'joined'; agent: string }
  | { kind: 'transferredToAgent'; agent: string; target: string }
  | { kind: 'transferredToDepartment'; agent: string; target: string }
  | { kind: 'closedByAgent'; agent: string }
  | { kind: 'endedByVisitor' }
  | { kind: 'visitorLeft' }
  | { kind: 'requeued' };

export function noticeText(n: SystemNotice): string {
  switch (n.kind) {
    case 'joined':
      return `${n.agent} joined the chat`;
    case 'transferredToAgent':
      return `${n.agent} transferred the chat to ${n.target}`;
    case 'transferredToDepartment':
      return `${n.agent} transferred the chat to ${n.target}. Someone will be with you shortly.`;
    case 'closedByAgent':
      return `${n.agent} closed the chat`;
    case 'endedByVisitor':
      return 'Chat ended';
    case 'visitorLeft':
      return 'The visitor left before anyone replied';
    case 'requeued':
      return 'The agent is no longer available. You are back in the queue, first in line.';
  }
}
