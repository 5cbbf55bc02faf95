import type { Metadata } from 'next';
import Link from 'next/link';
import { listUsers } from '@/lib/admin/users';
import { securityLog, type SecurityEventRow } from '@/lib/auth/security-log';
import { formatDateTime } from '@/lib/display/format-time';
import { AppError } from '@/lib/errors';
import { signedInPage } from '@/lib/http/page-context';
import { SECURITY_EVENT_KINDS } from '@/lib/vocabulary';
import '../settings.css';

export const metadata: Metadata = { title: 'Security log' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const KIND_LABEL: Record<(typeof SECURITY_EVENT_KINDS)[number], string> = {
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  sign_out: 'Signed out',
  password_change: 'Changed password',
  sessions_ended: 'Sessions ended by an admin',
  sign_on_account_created: 'Account created by sign-on',
};

const first = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

function Row({ event }: { event: SecurityEventRow }) {
  const how = [event.method === 'oidc' ? 'single sign-on' : event.method, event.detail?.replace(/_/g, ' '), event.actorName ? `by ${event.actorName}` : null]
    .filter(Boolean)
    .join(' · ');
  return (
    <tr>
      <td>
        <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
      </td>
      <td>{KIND_LABEL[event.kind]}</td>
      <td>{event.userName ?? <span className="muted">unknown</span>}</td>
      <td className="user-email">{event.email ?? ''}</td>
      <td>{how}</td>
      <td>{event.address ?? ''}</td>
    </tr>
  );
}

/** Settings → Security log (admins): sign-ins, failures, sign-outs, password changes, ended sessions; newest first. */
export default async function SecurityLogPage({ searchParams }: Props) {
  const { actor, db } = await signedInPage('security_log:read');
  const params = await searchParams;
  const query = { user: first(params.user) ?? '', kind: first(params.kind) ?? '', cursor: first(params.cursor) ?? '' };
  const people = listUsers(db, actor);
  let log: ReturnType<typeof securityLog> | null = null;
  let problem: string | null = null;
  try {
    log = securityLog(db, actor, query);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'bad_request') throw error;
    problem = 'This filter or page link is not valid; showing nothing. Choose the filter again.';
  }
  const next = log?.nextCursor ? `?${new URLSearchParams({ user: query.user, kind: query.kind, cursor: log.nextCursor })}` : null;
  return (
    <div className="security-log-page">
      <p className="eyebrow">
        <Link href="/settings">Settings</Link> / Security log
      </p>
      <h1>Security log</h1>
      <p className="lede">Who signed in and out, failed sign-ins, password changes and ended sessions. Nothing here can be edited or removed.</p>
      <form method="get" className="form card security-log-filter">
        <div className="field">
          <label htmlFor="filter-user">Person</label>
          <select id="filter-user" name="user" defaultValue={log?.filter.user === undefined ? '' : String(log.filter.user)}>
            <option value="">Everyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name} ({person.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-kind">Kind</label>
          <select id="filter-kind" name="kind" defaultValue={log?.filter.kind ?? ''}>
            <option value="">Every kind</option>
            {SECURITY_EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABEL[kind]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            Show
          </button>
        </div>
      </form>
      {problem ? (
        <p role="alert" className="form-alert">
          {problem}
        </p>
      ) : null}
      <section aria-labelledby="events-heading" className="panel">
        <h2 id="events-heading">Events</h2>
        {log && log.events.length > 0 ? (
          <table className="data-table">
            <caption className="visually-hidden">Security events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Person</th>
                <th scope="col">Email</th>
                <th scope="col">How</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {log.events.map((event) => (
                <Row key={event.id} event={event} />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No events{log?.filter.user !== undefined || log?.filter.kind ? ' match this filter' : ''}.</p>
        )}
        {next ? (
          <p>
            <Link href={next} rel="next">
              Older events
            </Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}
