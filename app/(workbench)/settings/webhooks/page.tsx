import type { Metadata } from 'next';
import { formatDateTime } from '@/lib/display/format-time';
import { signedInPage } from '@/lib/http/page-context';
import { WEBHOOK_EVENT_LABELS, type WebhookEvent } from '@/lib/webhooks/events';
import { NODE_VERIFICATION_SNIPPET } from '@/lib/webhooks/verification-snippet';
import { DELIVERY_LOG_LIMIT, listDeliveryLog, listWebhooks, WEBHOOK_PERMISSION, type DeliveryLogEntry } from '@/lib/webhooks/webhooks';
import { DeactivateWebhookForm } from './_components/deactivate-webhook-form';
import { WebhookForm } from './_components/webhook-form';
import './webhooks.css';

export const metadata: Metadata = { title: 'Webhooks' };

const eventLabel = (event: string) => WEBHOOK_EVENT_LABELS[event as WebhookEvent] ?? event;

function DateTime({ value }: { value: string | null }) {
  return value ? <time dateTime={value}>{formatDateTime(value)}</time> : <span className="muted">—</span>;
}

function DeliveryRow({ d }: { d: DeliveryLogEntry }) {
  return (
    <tr>
      <td>
        <code>{d.event}</code>
      </td>
      <td className="webhook-url">{d.url}</td>
      <td>
        <span className={`badge delivery-${d.status}`}>{d.status}</span>
      </td>
      <td>{d.attempts}</td>
      <td>{d.lastStatusCode ?? <span className="muted">—</span>}</td>
      <td className="delivery-error">{d.lastError ?? <span className="muted">—</span>}</td>
      <td>{d.status === 'pending' ? <DateTime value={d.nextAttemptAt} /> : <span className="muted">—</span>}</td>
      <td>
        <DateTime value={d.deliveredAt} />
      </td>
    </tr>
  );
}

/** Settings → Webhooks: register receivers, see them, deactivate them, and read the delivery log. */
export default async function WebhooksPage() {
  const { actor, db } = await signedInPage(WEBHOOK_PERMISSION);
  const webhooks = listWebhooks(db, actor);
  const deliveries = listDeliveryLog(db, actor);

  return (
    <div className="webhooks-page">
      <h1>Webhooks</h1>
      <p className="lede">
        When a verdict is published, corrected or retracted, Claimbench sends a signed JSON message to each registered
        receiver, retrying with backoff until it answers with a 2xx status.
      </p>

      <section aria-labelledby="register-heading" className="card">
        <h2 id="register-heading">Register a webhook</h2>
        <WebhookForm />
      </section>

      <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Registered webhooks</h2>
        {webhooks.length === 0 ? (
          <p className="empty">No webhooks yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="webhooks-heading" tabIndex={0}>
            <table className="settings-table">
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {webhooks.map((w) => (
                  <tr key={w.id}>
                    <td className="webhook-url">{w.url}</td>
                    <td>{w.events.map(eventLabel).join(', ')}</td>
                    <td>
                      <span className={`badge webhook-${w.active ? 'active' : 'inactive'}`}>{w.active ? 'Active' : 'Inactive'}</span>
                    </td>
                    <td>
                      <DateTime value={w.createdAt} />
                    </td>
                    <td>
                      <DeactivateWebhookForm webhookId={w.id} url={w.url} active={w.active} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Delivery log</h2>
        {deliveries.length === 0 ? (
          <p className="empty">Nothing delivered yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="deliveries-heading" tabIndex={0}>
            <table className="settings-table">
              <caption>The latest {DELIVERY_LOG_LIMIT} deliveries, newest first.</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Webhook</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last status code</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Next attempt</th>
                  <th scope="col">Delivered at</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <DeliveryRow key={d.id} d={d} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="verifying-heading">
        <h2 id="verifying-heading">Verifying signatures</h2>
        <p>
          Each delivery is a <code>POST</code> with a JSON body and the headers <code>Claimbench-Event</code>,{' '}
          <code>Claimbench-Delivery</code> and <code>Claimbench-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, where{' '}
          <code>v1</code> is the HMAC-SHA256 of <code>&lt;t&gt;.&lt;raw body&gt;</code> keyed with the webhook’s secret. Verify it
          against the raw body before parsing it, refuse timestamps more than five minutes old, and treat a repeated{' '}
          <code>Claimbench-Delivery</code> as already handled. In Node:
        </p>
        <div className="snippet" role="region" aria-label="Node.js signature verification code" tabIndex={0}>
          <pre>
            <code>{NODE_VERIFICATION_SNIPPET}</code>
          </pre>
        </div>
        <p className="hint">
          The full description, with a Python version and the retry schedule, is in the{' '}
          <a href="/api-docs/webhooks">webhooks guide</a>.
        </p>
      </section>
    </div>
  );
}
