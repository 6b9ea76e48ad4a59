import { useMemo, useState } from 'preact/hooks';
import { language, t } from '../i18n.ts';
import { agentColumns, nextSort, sortAgentRows, type AgentSort } from './agent-columns.ts';
import { Panel } from './chart-panels.tsx';
import { drillTitles, useDrill } from './drill.ts';
import type { AgentReportRow } from './metrics-types.ts';
import type { Loaded } from './use-request.ts';

/** The per-agent report; every column sorts. */
export function AgentTable(props: { report: Loaded<AgentReportRow[]>; csvHref: string }) {
  const { report } = props;
  const [sort, setSort] = useState<AgentSort>({ column: 'chats', descending: true });
  const drill = useDrill();
  const rows = useMemo(() => (report.data ? sortAgentRows(report.data, sort) : []), [report.data, sort]);
  return (
    <Panel
      title="Agents"
      wide
      loading={report.loading}
      error={report.error}
      hasData={!!report.data}
      empty={report.data && report.data.length === 0 ? t('No agents yet.') : null}
      aside={
        <a class="button button-small" href={props.csvHref} download>
          <span aria-hidden="true">↓</span> {t('Agents CSV')}
        </a>
      }
    >
      <div class="table-scroll">
        <table class="agent-table">
          <thead>
            <tr>
              {agentColumns.map((c) => {
                const sorted = sort.column === c.id;
                return (
                  <th
                    key={c.id}
                    scope="col"
                    class={c.numeric ? 'num' : undefined}
                    aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : undefined}
                  >
                    <button type="button" class="sort-button" onClick={() => setSort(nextSort(sort, c))}>
                      {keepShortWordsOn(t(c.label))}
                      <span class="sort-mark" aria-hidden="true">
                        {sorted ? (sort.descending ? '▼' : '▲') : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.agentId}>
                {agentColumns.map((c) =>
                  c.id === 'name' ? (
                    <th key={c.id} scope="row">
                      {row.name}
                    </th>
                  ) : (
                    <td key={c.id} class="num">
                      {c.drill ? (
                        <button
                          type="button"
                          class="link-button"
                          aria-label={`${c.format(row)}, ${row.name}: ${t('Show the chats behind {figure}', { figure: t(drillTitles[c.drill]) })}`}
                          onClick={() => drill({ key: c.drill!, agent: row.agentId })}
                        >
                          {c.format(row)}
                        </button>
                      ) : (
                        c.format(row)
                      )}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

/**
 * A header wraps onto two lines in narrow columns; in Russian and Bulgarian a one-letter word
 * ("в сети") stays with the word after it, as typesetting there wants.
 */
function keepShortWordsOn(text: string): string {
  return language() === 'en' ? text : text.replace(/(^|\s)(\S) /gu, '$1$2\u00a0');
}
