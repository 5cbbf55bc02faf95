import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * The API reference and the webhooks guide are public (a CMS developer may have no account), so
 * they carry the app's header without the workbench's account menu, and a way back to the desk.
 */
export default function ApiDocsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link href="/" className="brand">
            Claimbench
          </Link>
          <nav aria-label="API documentation" className="main-nav">
            <Link href="/api-docs">API reference</Link>
            <Link href="/api-docs/webhooks">Webhooks guide</Link>
            <a href="/api/v1/openapi.json">OpenAPI document</a>
          </nav>
          <Link href="/" className="docs-back">
            ← Back to the desk
          </Link>
        </div>
      </header>
      <main id="main" className="page api-docs">
        {children}
      </main>
    </>
  );
}
