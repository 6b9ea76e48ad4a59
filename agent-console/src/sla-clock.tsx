import type { ChatSummary, Priority } from '../../shared/protocol.ts';
import { dateLocale, t } from './i18n.ts';
import { isBreached, slaTargets, type SlaTarget } from './sla.ts';
import { formatDuration } from './waiting-time.ts';

export const priorities: Priority[] = ['low', 'normal', 'high', 'urgent'];

export function priorityLabel(p: Priority): string {
  return { low: t('Low'), normal: t('Normal'), high: t('High'), urgent: t('Urgent') }[p];
}

/** Only a priority other than normal is worth a badge in a busy list. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  if (priority === 'normal') return null;
  return <span class={`badge badge-priority-${priority}`}>{priorityLabel(priority)}</span>;
}

function targetText(target: SlaTarget, compact: boolean): string {
  const first = target.kind === 'firstResponse';
  if (target.state === 'met') return first ? t('First reply on time') : t('Resolved on time');
  if (target.state === 'missed') return first ? t('First reply late') : t('Resolved late');
  const time = formatDuration(Math.abs(target.leftMs));
  if (target.leftMs < 0) return first ? t('First reply overdue {time}', { time }) : t('Resolution overdue {time}', { time });
  if (compact) return first ? t('reply in {time}', { time }) : t('resolve in {time}', { time });
  return first ? t('First reply due in {time}', { time }) : t('Resolution due in {time}', { time });
}

/**
 * The time left to the chat's SLA targets, red once breached. `compact` (lists) shows only
 * the targets still running: what is done no longer needs attention there.
 */
export function SlaClock({ chat, now, compact = false }: { chat: ChatSummary; now: number; compact?: boolean }) {
  const targets = slaTargets(chat, now).filter((x) => !compact || x.state === 'running');
  if (targets.length === 0) return null;
  return (
    <span class={compact ? 'sla sla-compact' : 'sla'}>
      {targets.map((target) => (
        <span
          key={target.kind}
          class={`sla-target${isBreached(target) ? ' sla-breached' : target.state === 'met' ? ' sla-met' : ''}`}
          title={new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(target.dueAt)}
        >
          {targetText(target, compact)}
        </span>
      ))}
    </span>
  );
}
