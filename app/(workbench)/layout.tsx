import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireUser } from '@/lib/auth/session';
import { SignOutButton } from './_components/sign-out-button';

export default async function WorkbenchLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link href="/" className="brand">
            Claimbench
          </Link>
          <nav aria-label="Main" className="main-nav">
            <Link href="/">Desk</Link>
            <Link href="/claims">Claims</Link>
            <Link href="/disagreements">Disagreements</Link>
            <Link href="/sources">Sources</Link>
            <Link href="/measures">Measures</Link>
            <Link href="/insights">Insights</Link>
            <Link href="/claims/new">New claim</Link>
            {user.role !== 'reviewer' ? <Link href="/export">Export</Link> : null}
            <Link href="/settings">Settings</Link>
          </nav>
          <div className="account">
            <span className="account-name">
              {user.name} · {user.role}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}
