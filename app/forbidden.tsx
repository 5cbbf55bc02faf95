import Link from 'next/link';

/** The 403 of any page without one of its own: the role may not use it (pages call forbidden()). */
export default function Forbidden() {
  return (
    <main id="main" className="page narrow">
      <h1>Not for your role</h1>
      <p>Your account may not open this page. An admin can change your role under Settings → Users.</p>
      <p>
        <Link href="/">Go to your desk</Link>
      </p>
    </main>
  );
}
