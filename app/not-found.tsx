import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="page narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link href="/claims">Go to the claims list</Link>
      </p>
    </main>
  );
}
