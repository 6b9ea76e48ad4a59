import { formatCount, formatDuration, formatHours, formatRate, formatDecimal } from './format.ts';
import type { MessageKey } from '../i18n.ts';
import type { DrillKey } from './drill.ts';
import type { AgentReportRow } from './metrics-types.ts';

/** A column of the per-agent table. */
export interface AgentColumn {
  id: string;
  /** The English header; shown with t(). */
  label: MessageKey;
  /** Text values sort alphabetically; numbers numerically, with no-value rows last either way. */
  value: (row: AgentReportRow) => string | number | null;
  format: (row: AgentReportRow) => string;
  numeric: boolean;
  /** The chats behind a cell (drill-down with the row's agent), when it is a per-chat figure. */
  drill?: DrillKey;
}

const number = (
  label: MessageKey,
  id: string,
  value: (r: AgentReportRow) => number | null,
  format: (v: number | null) => string,
  drill?: DrillKey,
): AgentColumn => ({
  id,
  label,
  value,
  format: (r) => format(value(r)),
  numeric: true,
  ...(drill ? { drill } : {}),
});

export const agentColumns: AgentColumn[] = [
  { id: 'name', label: 'Agent', value: (r) => r.name, format: (r) => r.name, numeric: false },
  number('Chats', 'chats', (r) => r.metrics.chats.total, formatCount, 'chats.total'),
  number('Missed', 'missed-rate', (r) => r.metrics.chats.missedRate, formatRate, 'chats.missed'),
  number('Wait', 'wait', (r) => r.metrics.wait.median, formatDuration, 'wait'),
  number('First response', 'frt', (r) => r.metrics.frt.median, formatDuration, 'frt'),
  number('Resolution', 'resolution', (r) => r.metrics.resolution.median, formatDuration, 'resolution'),
  number('Handle time', 'aht', (r) => r.metrics.aht.median, formatDuration, 'aht'),
  number('FCR', 'fcr', (r) => r.metrics.fcr, formatRate, 'fcr'),
  number('CSAT', 'csat', (r) => r.metrics.csat.rate, formatRate),
  number('IQS', 'iqs', (r) => r.metrics.iqs.mean, formatRate, 'iqs'),
  number('SLA first response', 'sla-frt', (r) => r.metrics.sla.frt.rate, formatRate, 'sla.frt.breached'),
  number('Online', 'online', (r) => r.metrics.agents.onlineSec, formatHours),
  number('Utilization', 'utilization', (r) => r.metrics.agents.utilization, formatRate),
  number('Chats / online hour', 'chats-per-hour', (r) => r.metrics.agents.chatsPerOnlineHour, (v) => formatDecimal(v, 1)),
];

export interface AgentSort {
  column: string;
  descending: boolean;
}

/** Rows in the order of a column; rows without a value stay last in both directions. */
export function sortAgentRows(rows: AgentReportRow[], sort: AgentSort): AgentReportRow[] {
  const column = agentColumns.find((c) => c.id === sort.column) ?? agentColumns[0]!;
  const sign = sort.descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, value: column.value(row) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === null ? 1 : -1;
      }
      const order =
        typeof a.value === 'string' ? a.value.localeCompare(String(b.value)) : a.value - (b.value as number);
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map((x) => x.row);
}

/** A first click sorts names A→Z and numbers high→low (the busiest agent first); a second reverses. */
export function nextSort(current: AgentSort, column: AgentColumn): AgentSort {
  if (current.column === column.id) return { column: column.id, descending: !current.descending };
  return { column: column.id, descending: column.numeric };
}
