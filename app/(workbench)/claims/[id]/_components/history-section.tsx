import type { ClaimPageData } from '@/lib/claims/claim-page';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

export function HistorySection({ data }: { data: ClaimPageData }) {
  return (
    <section aria-labelledby="history-heading" className="panel">
      <h2 id="history-heading">History</h2>
      <details className="disclosure">
        <summary>Every change to this claim ({data.history.length})</summary>
        <ol className="history">
          {data.history.map((line) => (
            <li key={line.id}>
              <time dateTime={line.at}>{timeFormat.format(new Date(line.at))} UTC</time>
              <span>{line.text}</span>
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
