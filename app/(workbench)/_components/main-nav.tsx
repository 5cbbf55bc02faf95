import Link from 'next/link';
import type { Role } from '@/lib/vocabulary';
import { SignOutButton } from './sign-out-button';

/** The workbench's places, in the order of a desk's day. */
function NavLinks({ role }: { role: Role }) {
  return (
    <>
      <Link href="/">Desk</Link>
      <Link href="/claims">Claims</Link>
      <Link href="/disagreements">Disagreements</Link>
      <Link href="/sources">Sources</Link>
      <Link href="/measures">Measures</Link>
      <Link href="/claims/new">New claim</Link>
      <Link href="/insights">Insights</Link>
      {role !== 'reviewer' ? <Link href="/export">Export</Link> : null}
      <Link href="/settings">Settings</Link>
    </>
  );
}

function Account({ name, role }: { name: string; role: Role }) {
  return (
    <div className="account">
      <Link href="/account" className="account-name">
        {name} · {role}
      </Link>
      <SignOutButton />
    </div>
  );
}

/**
 * The header's navigation and account, twice: a row of links on wide screens, and on phones a
 * <details> menu (it opens without JavaScript) so the header stays one row instead of wrapping
 * to three. CSS shows one of the two (globals.css, "Header"); the other is display:none, so
 * neither screen readers nor the keyboard meet the links twice.
 */
export function MainNav({ name, role }: { name: string; role: Role }) {
  return (
    <>
      <nav aria-label="Main" className="main-nav wide-only">
        <NavLinks role={role} />
      </nav>
      <div className="wide-only">
        <Account name={name} role={role} />
      </div>
      <details className="nav-menu phone-only">
        <summary>Menu</summary>
        <div className="nav-menu-panel">
          <nav aria-label="Main" className="main-nav">
            <NavLinks role={role} />
          </nav>
          <Account name={name} role={role} />
        </div>
      </details>
    </>
  );
}
