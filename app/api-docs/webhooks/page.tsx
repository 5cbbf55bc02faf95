import type { Metadata } from 'next';
import Link from 'next/link';
import { webhookEvents, type Json } from '@/lib/api/docs';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { WEBHOOK_EVENT_WHEN } from '@/lib/api/webhook-schemas';
import { getEnv } from '@/lib/env';
import type { WebhookEvent } from '@/lib/webhooks/events';
import { BASE_DELAY_MS, MAX_ATTEMPTS, MAX_DELAY_MS, REQUEST_TIMEOUT_MS } from '@/lib/webhooks/delivery';
import { DEFAULT_TOLERANCE_SECONDS, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER } from '@/lib/webhooks/signature';
import { NODE_VERIFICATION_SNIPPET, PYTHON_VERIFICATION_SNIPPET } from '@/lib/webhooks/verification-snippet';
import { FieldsTable } from '../_components/fields-table';
import { CodeBlock, RichText } from '../_components/rich-text';
import '../api-docs.css';

export const metadata: Metadata = { title: 'Webhooks guide' };
export const dynamic = 'force-dynamic';

/** "30 s", "4 min", "2 h 8 min": a wait in words. */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}

/** The retry schedule as lib/webhooks/delivery.ts computes it, without jitter. */
function schedule(): { attempt: number; wait: string }[] {
  return Array.from({ length: MAX_ATTEMPTS }, (_, i) => ({
    attempt: i + 1,
    wait: i === 0 ? 'at once' : duration(Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (i - 1))),
  }));
}

/**
 * The webhooks guide for a CMS developer: events, payloads, headers, the signature and its check
 * in Node and Python, and retries. Facts come from lib/webhooks and the OpenAPI document's
 * `webhooks` section, so the guide cannot drift from what the server sends.
 */
export default function WebhooksGuidePage() {
  const doc = buildOpenApiDocument(getEnv().PUBLIC_URL) as unknown as Json;
  const events = webhookEvents(doc);
  const first = events[0];
  return (
    <>
      <p className="eyebrow">
        <Link href="/api-docs">API reference</Link> / Webhooks
      </p>
      <h1>Webhooks guide</h1>
      <p className="lede">
        Claimbench tells your CMS when a verdict changes by POSTing a signed JSON message to a URL the desk registers. This is what a
        receiver can rely on.
      </p>

      <section aria-labelledby="registering" className="panel">
        <h2 id="registering">Registering a receiver</h2>
        <p>
          Editors and admins register webhooks at <a href="/settings/webhooks">Settings → Webhooks</a>: a receiver URL (<code>https://</code>{' '}
          for anything outside your network) and the events it wants. Claimbench then shows the webhook’s <strong>signing secret</strong>{' '}
          once (<code>whsec_…</code>); copy it into the CMS’s configuration straight away. Webhooks reach only public addresses unless the
          operator allows more with <code>WEBHOOK_ALLOWED_HOSTS</code>.
        </p>
      </section>

      <section aria-labelledby="events" className="panel">
        <h2 id="events">Events</h2>
        <div className="table-scroll" role="region" aria-label="Events" tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Sent when</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.event} data-webhook={e.event}>
                  <th scope="row">
                    <code>{e.event}</code>
                  </th>
                  <td>
                    <RichText text={WEBHOOK_EVENT_WHEN[e.event as WebhookEvent] ?? e.description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="request" className="panel">
        <h2 id="request">The request</h2>
        <p>
          Each delivery is one <code>POST</code> with <code>Content-Type: application/json</code> and these headers:
        </p>
        <ul>
          <li>
            <code>{EVENT_HEADER}</code>: the event, e.g. <code>verdict.corrected</code>.
          </li>
          <li>
            <code>{DELIVERY_HEADER}</code>: the delivery’s id, the same on every retry of that delivery.
          </li>
          <li>
            <code>{SIGNATURE_HEADER}</code>: <code>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code> (see <a href="#signatures">Signatures</a>).
          </li>
        </ul>
        <h3 id="payload">The body</h3>
        {first ? <FieldsTable doc={doc} schema={first.schema} caption="Fields of a delivery" expandRefs /> : null}
        <p>Receivers should ignore fields they do not know: new ones may be added.</p>
        {events.map((e) => (
          <div key={e.event}>
            <h4 id={`example-${e.event.replace('.', '-')}`}>
              Example: <code>{e.event}</code>
            </h4>
            <CodeBlock label={`Example ${e.event} delivery`} code={JSON.stringify(e.example, null, 2)} kind={`webhook-${e.event}`} />
          </div>
        ))}
      </section>

      <section aria-labelledby="signatures" className="panel">
        <h2 id="signatures">Signatures</h2>
        <p>
          <code>{SIGNATURE_HEADER}</code> is <code>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, where <code>&lt;hex&gt;</code> is the
          lowercase hex HMAC-SHA256, keyed with the webhook’s secret (the whole string, <code>whsec_</code> included), of{' '}
          <code>&lt;t&gt;.&lt;raw request body&gt;</code>. To verify a delivery:
        </p>
        <ol>
          <li>Read the raw body before any JSON parsing: a re-serialised object will not match.</li>
          <li>
            Take the single <code>t</code> and every <code>v1</code> from the header; refuse the request if <code>t</code> is missing or
            repeated, or there is no <code>v1</code>.
          </li>
          <li>
            Refuse it if <code>t</code> is more than {DEFAULT_TOLERANCE_SECONDS} seconds from your clock, either way: this stops replays.
          </li>
          <li>Compare the HMAC with each <code>v1</code> in constant time; accept if any matches.</li>
          <li>
            Answer <code>2xx</code> quickly and do slow work afterwards; refuse a failed check with <code>400</code> or <code>401</code>.
          </li>
        </ol>
        <h3 id="verify-node">Node</h3>
        <CodeBlock label="Signature verification in Node" code={NODE_VERIFICATION_SNIPPET} kind="verify-node" />
        <p>
          Read the body as text before parsing it: with Express, <code>express.text({'{'} type: &apos;application/json&apos; {'}'})</code>,
          not <code>express.json()</code>.
        </p>
        <h3 id="verify-python">Python</h3>
        <CodeBlock label="Signature verification in Python" code={PYTHON_VERIFICATION_SNIPPET} kind="verify-python" />
        <p>
          In Flask, pass <code>request.get_data()</code>; in Django, <code>request.body</code>.
        </p>
      </section>

      <section aria-labelledby="retries" className="panel">
        <h2 id="retries">Retries</h2>
        <p>
          A delivery succeeds when the receiver answers any <code>2xx</code> within {REQUEST_TIMEOUT_MS / 1000} seconds. Anything else is a
          failed attempt: another status, a timeout, a refused connection, a TLS error, or a redirect (redirects are never followed).
          Failed deliveries are retried with exponential backoff, ±20 % random jitter, capped at {duration(MAX_DELAY_MS)} between attempts;
          after attempt {MAX_ATTEMPTS} the delivery is marked failed.
        </p>
        <div className="table-scroll" role="region" aria-label="Retry schedule" tabIndex={0}>
          <table className="data-table retry-table">
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">About this long after the previous one</th>
              </tr>
            </thead>
            <tbody>
              {schedule().map((row) => (
                <tr key={row.attempt}>
                  <th scope="row">{row.attempt}</th>
                  <td>{row.wait}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3 id="idempotency">Duplicates and order</h3>
        <p>
          Delivery is at least once: keep the <code>{DELIVERY_HEADER}</code> ids you have processed and answer <code>2xx</code> without
          doing anything when one comes again. Deliveries may arrive out of order: apply an event only if its{' '}
          <code>data.version</code> is higher than the one you hold, or fetch the current state from{' '}
          <a href={`/api-docs#get-api-v1-claims-id`}>
            <code>GET /api/v1/claims/{'{'}claim_id{'}'}</code>
          </a>
          .
        </p>
      </section>
      <p className="muted">
        The same guide is kept as <code>docs/webhooks.md</code> in the repository. Machine-readable: the <code>webhooks</code> section of{' '}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
    </>
  );
}
