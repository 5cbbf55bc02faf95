import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDateTime } from '@/lib/display/format-time';
import { signedInPage } from '@/lib/http/page-context';
import { listUsers, type UserRecord } from '@/lib/admin/users';
import { CreateUserForm, EndSessionsForm, UserRoleForm, UserStatusForm } from './_components/user-forms';
import '../settings.css';
import './users.css';

export const metadata: Metadata = { title: 'Users' };

function Since({ label, value }: { label: string; value: string }) {
  return (
    <>
      {label} <time dateTime={value}>{formatDateTime(value)}</time>
    </>
  );
}

/** An email that may break after its @ rather than anywhere in the middle of a word. */
function EmailAddress({ email }: { email: string }) {
  const at = email.lastIndexOf('@');
  if (at < 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />@{email.slice(at + 1)}
    </>
  );
}

function UserRow({ user, isMe }: { user: UserRecord; isMe: boolean }) {
  const disabled = user.disabledAt !== null;
  return (
    // Explicit roles: at phone width the rows are laid out as cards, which can strip table semantics.
    <tr className={disabled ? 'user-disabled' : undefined} role="row">
      <th scope="row" role="rowheader">
        {user.name}
        {isMe ? <span className="muted"> (you)</span> : null}
      </th>
      <td className="user-email" role="cell">
        <EmailAddress email={user.email} />
      </td>
      <td role="cell">{isMe ? user.role : <UserRoleForm userId={user.id} name={user.name} version={user.version} role={user.role} />}</td>
      <td role="cell">
        <span className={`badge user-${disabled ? 'disabled' : 'active'}`}>{disabled ? 'Disabled' : 'Active'}</span>
        <br />
        <span className="muted">
          {user.disabledAt ? <Since label="since" value={user.disabledAt} /> : <Since label="added" value={user.createdAt} />}
        </span>
      </td>
      <td role="cell">
        {isMe ? (
          <span className="muted">Another admin can change your role or disable you.</span>
        ) : (
          <>
            <UserStatusForm userId={user.id} name={user.name} version={user.version} disabled={disabled} />
            {disabled ? null : <EndSessionsForm userId={user.id} name={user.name} />}
          </>
        )}
      </td>
    </tr>
  );
}

/** Settings → Users (admins): who may sign in, with which role; create, change role, disable, re-enable. */
export default async function UsersPage() {
  const { user: me, actor, db } = await signedInPage('user:manage');
  const users = listUsers(db, actor);
  return (
    <div className="users-page">
      <p className="eyebrow">
        <Link href="/settings">Settings</Link> / Users
      </p>
      <h1>Users</h1>
      <p className="lede">
        Everyone who can sign in to the workbench. A role change or a disabled account takes effect at the person’s next click;
        disabling also ends every session they have open.
      </p>
      <section aria-labelledby="users-heading" className="panel">
        <h2 id="users-heading">People</h2>
        <table className="data-table users-table" role="table">
          <caption className="visually-hidden">Users, active first</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">
                Name
              </th>
              <th scope="col" role="columnheader">
                Email
              </th>
              <th scope="col" role="columnheader">
                Role
              </th>
              <th scope="col" role="columnheader">
                Status
              </th>
              <th scope="col" role="columnheader">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {users.map((user) => (
              <UserRow key={user.id} user={user} isMe={user.id === me.id} />
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="new-user-heading" className="panel">
        <h2 id="new-user-heading">New user</h2>
        <CreateUserForm />
      </section>
    </div>
  );
}
