import { describe, expect, it } from 'vitest';
import { agentColumns, nextSort, sortAgentRows } from './agent-columns.ts';
import type { AgentReportRow, Metrics } from './metrics-types.ts';

function row(agentId: string, name: string, total: number, frtMedian: number | null): AgentReportRow {
  return { agentId, name, metrics: { chats: { total }, frt: { median: frtMedian } } as unknown as Metrics };
}

const rows = [row('a1', 'Teodora', 12, 80), row('a2', 'Ivana', 30, null), row('a3', 'Anna', 5, 20)];
const ids = (r: AgentReportRow[]) => r.map((x) => x.agentId);

describe('sortAgentRows', () => {
  it('sorts by name or by a number, either way', () => {
    expect(ids(sortAgentRows(rows, { column: 'name', descending: false }))).toEqual(['a3', 'a2', 'a1']);
    expect(ids(sortAgentRows(rows, { column: 'chats', descending: true }))).toEqual(['a2', 'a1', 'a3']);
    expect(ids(sortAgentRows(rows, { column: 'chats', descending: false }))).toEqual(['a3', 'a1', 'a2']);
  });

  it('keeps rows with no value last in both directions', () => {
    expect(ids(sortAgentRows(rows, { column: 'frt', descending: false }))).toEqual(['a3', 'a1', 'a2']);
    expect(ids(sortAgentRows(rows, { column: 'frt', descending: true }))).toEqual(['a1', 'a3', 'a2']);
  });
});

describe('nextSort', () => {
  const byId = (id: string) => agentColumns.find((c) => c.id === id)!;

  it('starts names ascending and numbers descending, then flips', () => {
    expect(nextSort({ column: 'name', descending: false }, byId('chats'))).toEqual({ column: 'chats', descending: true });
    expect(nextSort({ column: 'chats', descending: true }, byId('chats'))).toEqual({ column: 'chats', descending: false });
    expect(nextSort({ column: 'chats', descending: true }, byId('name'))).toEqual({ column: 'name', descending: false });
  });
});
