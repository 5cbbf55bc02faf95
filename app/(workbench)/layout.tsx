import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireUser } from '@/lib/auth/session';
import { MainNav } from './_components/main-nav';

export default async function WorkbenchLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link href="/" className="brand">
            Claimbench
          </Link>
          <MainNav name={user.name} role={user.role} />
        </div>
      </header>
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}
