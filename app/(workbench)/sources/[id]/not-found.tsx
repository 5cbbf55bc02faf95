import Link from 'next/link';

export default function SourceNotFound() {
  return (
    <div className="narrow">
      <h1>Source not found</h1>
      <p>There is no source at this address. It may have been mistyped.</p>
      <p>
        <Link href="/sources">Back to the sources list</Link>
      </p>
    </div>
  );
}
