import type { ClaimPageData } from '@/lib/claims/claim-page';
import { HistoryDisclosure, type HistoryEntry } from './history-list';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** Every change to the claim, as sentences; the list is rendered when its disclosure opens (history-list.tsx). */
export function HistorySection({ data }: { data: ClaimPageData }) {
  // Formatted here, so the browser's clock and locale data cannot make its rendering differ.
  const lines: HistoryEntry[] = data.history.map((line) => ({ id: line.id, at: line.at, when: timeFormat.format(new Date(line.at)), text: line.text }));
  return (
    <section aria-labelledby="history-heading" className="panel">
      <h2 id="history-heading">History</h2>
      <HistoryDisclosure lines={lines} />
    </section>
  );
}
