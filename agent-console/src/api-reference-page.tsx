import { useEffect, useState } from 'preact/hooks';
import { request } from './console-api.ts';
import { t } from './i18n.ts';
import { Loading } from './settings-kit.tsx';
import { routes } from '../../shared/api-routes.ts';

/** What the reference page reads of the OpenAPI document (GET /api/openapi.json). */
interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: object }>; $ref?: string }>;
}
type Paths = Record<string, Record<string, Operation>>;

/** The API reference, rendered from the OpenAPI document the server makes from its route declarations. */
export function ApiReferencePage() {
  const [paths, setPaths] = useState<Paths | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    setError(null);
    request(routes.openApi).then(
      (doc) => setPaths((doc as { paths: Paths }).paths),
      (err: Error) => setError(err.message),
    );
  };
  useEffect(load, []);

  const byTag = new Map<string, [string, string, Operation][]>();
  for (const [path, ops] of Object.entries(paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags[0] ?? '';
      byTag.set(tag, [...(byTag.get(tag) ?? []), [method, path, op]]);
    }
  }
  const anchor = (tag: string) => `api-${tag.toLowerCase().replace(/\W+/g, '-')}`;

  return (
    <main class="page api-reference-page">
      <div class="page-body">
        <h1 class="page-title">{t('API reference')}</h1>
        <p class="muted">
          {t('Every REST route of this server, from its OpenAPI 3.1 description:')} <a href="/api/openapi.json">/api/openapi.json</a>
        </p>
        {!paths ? (
          <Loading error={error} onRetry={load} />
        ) : (
          <>
            <nav aria-label={t('API sections')}>
              <ul class="api-reference-toc">
                {[...byTag.keys()].map((tag) => (
                  <li key={tag}>
                    <a href={`#${anchor(tag)}`}>{tag}</a>
                  </li>
                ))}
              </ul>
            </nav>
            {[...byTag.entries()].map(([tag, ops]) => (
              <section key={tag} id={anchor(tag)} class="api-reference-section" aria-labelledby={`${anchor(tag)}-title`}>
                <h2 id={`${anchor(tag)}-title`}>{tag}</h2>
                {ops.map(([method, path, op]) => (
                  <OperationView key={op.operationId} method={method} path={path} op={op} />
                ))}
              </section>
            ))}
          </>
        )}
      </div>
    </main>
  );
}

function OperationView({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = op.requestBody && Object.entries(op.requestBody.content)[0];
  const [status, answer] = Object.entries(op.responses).find(([code]) => code.startsWith('2')) ?? [];
  const answerContent = answer?.content && Object.entries(answer.content)[0];
  return (
    <article class="api-operation" aria-labelledby={`op-${op.operationId}`}>
      <h3 id={`op-${op.operationId}`} class="api-operation-title">
        <span class={`api-method api-method-${method}`}>{method.toUpperCase()}</span> <code class="api-path">{path}</code>
      </h3>
      <p>{op.summary}</p>
      <p class="muted small">{op.description}</p>
      {op.parameters.length > 0 && (
        <table class="settings-table api-params">
          <caption class="visually-hidden">{t('Parameters of {path}', { path })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Parameter')}</th>
              <th scope="col">{t('In')}</th>
              <th scope="col">{t('Type')}</th>
            </tr>
          </thead>
          <tbody>
            {op.parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <td>
                  <code>{p.name}</code>
                  {p.required && <span class="muted small"> {t('required')}</span>}
                </td>
                <td>{p.in}</td>
                <td>
                  <code class="api-type">{typeOf(p.schema)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {body && <SchemaView label={t('Body ({type})', { type: body[0] })} schema={body[1].schema} />}
      {answerContent && <SchemaView label={t('Answer {status} ({type})', { status: status ?? '200', type: answerContent[0] })} schema={answerContent[1].schema} />}
    </article>
  );
}

function SchemaView({ label, schema }: { label: string; schema: object }) {
  return (
    <details class="api-schema">
      <summary>{label}</summary>
      {/* Focusable: a long schema scrolls, and a keyboard must reach it. */}
      <pre tabIndex={0}>{JSON.stringify(schema, null, 2)}</pre>
    </details>
  );
}

/** A parameter's type in a few words: its JSON type, its choices or its pattern. */
function typeOf(schema: object): string {
  const s = schema as { type?: string; enum?: unknown[]; format?: string; anyOf?: object[] };
  if (s.enum) return s.enum.join(' | ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' | ');
  return [s.type ?? 'any', s.format].filter(Boolean).join(' ');
}
