import type { Metadata } from 'next';
import Link from 'next/link';
import { operations, obj, webhookEvents, type Json } from '@/lib/api/docs';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { getEnv } from '@/lib/env';
import { AppError, ERROR_STATUS, PROBLEM_EXPLANATIONS, problemAnchor, problemTitle, toProblem, type ErrorCode } from '@/lib/errors';
import { API_KEY_REQUIRED } from '@/lib/http/api-key-route';
import { Authentication } from './_components/authentication';
import { FieldsTable } from './_components/fields-table';
import { OperationSection } from './_components/operation';
import { RichText } from './_components/rich-text';
import './api-docs.css';

export const metadata: Metadata = { title: 'API reference' };
export const dynamic = 'force-dynamic';

/** The API reference, rendered from the same OpenAPI document that /api/v1/openapi.json serves. */
export default function ApiDocsPage() {
  const baseUrl = getEnv().PUBLIC_URL;
  const doc = buildOpenApiDocument(baseUrl) as unknown as Json;
  const info = obj(doc.info);
  const ops = operations(doc);
  const events = webhookEvents(doc);
  return (
    <>
      <h1>
        {String(info.title)} {String(info.version)}
      </h1>
      <p className="lede">
        <RichText text={String(info.description)} />
      </p>
      <p>
        Every address below starts with <code>{baseUrl}</code>. Requests and answers are JSON (UTF-8); timestamps are ISO 8601 in UTC
        (<code>2024-12-18T09:41:07.498Z</code>), calendar dates <code>YYYY-MM-DD</code>. Machine-readable:{' '}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
      </p>
      <nav aria-label="On this page" className="docs-contents">
        <ul>
          <li>
            <a href="#authentication">Authentication</a>
          </li>
          <li>
            <a href="#routes">Routes</a>
            <ul>
              {ops.map((o) => (
                <li key={o.anchor}>
                  <a href={`#${o.anchor}`}>
                    {o.method.toUpperCase()} {o.path}
                  </a>
                </li>
              ))}
            </ul>
          </li>
          <li>
            <a href="#webhooks">Webhooks</a>
          </li>
          <li>
            <a href="#problems-heading">Problem types</a>
          </li>
          <li>
            <a href="#schemas-heading">Schemas</a>
          </li>
        </ul>
      </nav>

      <Authentication
        doc={doc}
        baseUrl={baseUrl}
        unauthorized={toProblem(new AppError('unauthorized', API_KEY_REQUIRED))}
        forbidden={toProblem(new AppError('forbidden', 'You do not have permission to do that.'))}
      />

      <section aria-labelledby="routes">
        <h2 id="routes">Routes</h2>
        {ops.map((operation) => (
          <OperationSection key={operation.anchor} doc={doc} operation={operation} baseUrl={baseUrl} />
        ))}
      </section>

      <section aria-labelledby="webhooks" className="panel">
        <h2 id="webhooks">Webhooks</h2>
        <p>
          Claimbench POSTs a signed JSON message to each registered webhook when a verdict changes. The{' '}
          <Link href="/api-docs/webhooks">webhooks guide</Link> explains registering a receiver, the headers, checking the signature (Node and
          Python) and the retries. The events:
        </p>
        <ul>
          {events.map((e) => (
            <li key={e.event} data-webhook={e.event}>
              <code>{e.event}</code>: {e.summary}. Body: <a href={`#schema-${String(obj(e.schema).$ref ?? '').split('/').pop()}`}>{String(obj(e.schema).$ref ?? '').split('/').pop()}</a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="problems-heading">
        <h2 id="problems-heading">Problem types</h2>
        <p>
          Every refusal is <code>application/problem+json</code> (RFC 9457). Its <code>type</code> is the address of one of these
          explanations.
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
          <section key={name} aria-labelledby={`schema-${name}`} className="panel endpoint" data-schema={name}>
            <h3 id={`schema-${name}`}>{name}</h3>
            {typeof obj(schema).description === 'string' ? (
              <p>
                <RichText text={String(obj(schema).description)} />
              </p>
            ) : null}
            <FieldsTable doc={doc} schema={schema} caption={`Fields of ${name}`} expandRefs={false} />
          </section>
        ))}
      </section>
    </>
  );
}
