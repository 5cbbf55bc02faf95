import Link from 'next/link';

/** The 401 of any page: nobody is signed in (pages that need a person send them to /signin first). */
export default function Unauthorized() {
  return (
    <main id="main" className="page narrow">
      <h1>Sign in to continue</h1>
      <p>This page is for signed-in members of the desk.</p>
      <p>
        <Link href="/signin">Sign in</Link>
      </p>
    </main>
  );
}
