import Link from 'next/link';

export default function ClaimNotFound() {
  return (
    <div className="narrow">
      <h1>Claim not found</h1>
      <p>There is no claim at this address. It may have been mistyped.</p>
      <p>
        <Link href="/claims">Back to the claims list</Link>
      </p>
    </div>
  );
}
