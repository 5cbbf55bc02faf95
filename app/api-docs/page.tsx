import type { Metadata } from 'next';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { getEnv } from '@/lib/env';
import { ERROR_STATUS, PROBLEM_EXPLANATIONS, problemAnchor, problemTitle, type ErrorCode } from '@/lib/errors';
import './api-docs.css';

export const metadata: Metadata = { title: 'API reference' };
export const dynamic = 'force-dynamic';

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value && typeof value === 'object' ? (value as Json) : {};
}

/** Resolves a `$ref` into the document's components. */
function resolve(doc: Json, schema: unknown): Json {
  const s = obj(schema);
  const ref = typeof s.$ref === 'string' ? s.$ref : null;
  if (!ref) return s;
  const name = ref.split('/').pop() ?? '';
  return obj(obj(obj(doc.components).schemas)[name]);
}

function typeOf(doc: Json, schema: unknown): string {
  const s = obj(schema);
  if (typeof s.$ref === 'string') return s.$ref.split('/').pop() ?? 'object';
  if (Array.isArray(s.anyOf)) return s.anyOf.map((x) => typeOf(doc, x)).join(' | ');
  if (Array.isArray(s.enum)) return s.enum.map((x) => JSON.stringify(x)).join(' | ');
  if (s.type === 'array') return `${typeOf(doc, s.items)}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return typeof s.type === 'string' ? s.type : 'object';
}

function Fields({ doc, schema }: { doc: Json; schema: unknown }) {
  const s = resolve(doc, schema);
  const properties = obj(s.properties);
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const names = Object.keys(properties);
  if (names.length === 0) return <p className="muted">{typeOf(doc, schema)}</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {names.map((name) => {
          const p = obj(properties[name]);
          return (
            <tr key={name}>
              <td>
                <code>{name}</code>
                {required.has(name) ? <span className="muted"> (required)</span> : null}
              </td>
              <td>
                <code>{typeOf(doc, p)}</code>
              </td>
              <td>
                {typeof p.description === 'string' ? p.description : ''}
                {p.example !== undefined ? (
                  <>
                    {' '}
                    <span className="muted">Example: </span>
                    <code>{JSON.stringify(p.example)}</code>
                  </>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The API reference, rendered from the same OpenAPI document that /api/v1/openapi.json serves. */
export default function ApiDocsPage() {
  const doc = buildOpenApiDocument(getEnv().PUBLIC_URL) as unknown as Json;
  const info = obj(doc.info);
  const paths = obj(doc.paths);
  return (
    <main id="main" className="page api-docs">
      <h1>{String(info.title)} {String(info.version)}</h1>
      <p className="lede">{String(info.description)}</p>
      <p>
        Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
      </p>
      {Object.entries(paths).flatMap(([path, item]) =>
        Object.entries(obj(item)).map(([method, op]) => {
          const operation = obj(op);
          const parameters = Array.isArray(operation.parameters) ? (operation.parameters as Json[]) : [];
          const body = obj(obj(obj(operation.requestBody).content)['application/json']).schema;
          const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
          return (
            <section key={id} aria-labelledby={id} className="panel endpoint">
              <h2 id={id}>
                <span className={`method method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
              </h2>
              <p>
                <strong>{String(operation.summary ?? '')}</strong>
              </p>
              {operation.description ? <p>{String(operation.description)}</p> : null}
              {parameters.length > 0 ? (
                <>
                  <h3>Parameters</h3>
                  <table className="data-table">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">In</th>
                        <th scope="col">Type</th>
                        <th scope="col">Description</th>
                      </tr>
                    </thead>
                    <tbody>
                      {parameters.map((p) => (
                        <tr key={`${String(p.in)}-${String(p.name)}`}>
                          <td>
                            <code>{String(p.name)}</code>
                            {p.required ? <span className="muted"> (required)</span> : null}
                          </td>
                          <td>{String(p.in)}</td>
                          <td>
                            <code>{typeOf(doc, p.schema)}</code>
                          </td>
                          <td>{String(p.description ?? obj(p.schema).description ?? '')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              ) : null}
              {body ? (
                <>
                  <h3>Body</h3>
                  <Fields doc={doc} schema={body} />
                </>
              ) : null}
              <h3>Responses</h3>
              <ul className="responses">
                {Object.entries(obj(operation.responses)).map(([status, response]) => (
                  <li key={status}>
                    <code>{status}</code> {String(obj(response).description ?? '')}
                  </li>
                ))}
              </ul>
            </section>
          );
        }),
      )}
      <section aria-labelledby="problems-heading">
        <h2 id="problems-heading">Problem types</h2>
        <p>
          Every refusal is <code>application/problem+json</code> (RFC 9457). Its <code>type</code> is the address of one
          of these explanations.
        </p>
        {(Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => (
          <section key={code} id={problemAnchor(code)} aria-labelledby={`${problemAnchor(code)}-heading`} className="panel endpoint">
            <h3 id={`${problemAnchor(code)}-heading`}>
              <code>{ERROR_STATUS[code]}</code> {problemTitle(code)}
            </h3>
            <p>{PROBLEM_EXPLANATIONS[code]}</p>
          </section>
        ))}
      </section>
      <section aria-labelledby="schemas-heading">
        <h2 id="schemas-heading">Schemas</h2>
        {Object.entries(obj(obj(doc.components).schemas)).map(([name, schema]) => (
          <section key={name} aria-labelledby={`schema-${name}`} className="panel endpoint">
            <h3 id={`schema-${name}`}>{name}</h3>
            <Fields doc={doc} schema={schema} />
          </section>
        ))}
      </section>
    </main>
  );
}
