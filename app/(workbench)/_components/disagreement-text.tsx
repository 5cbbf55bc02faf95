import type { DISAGREEMENT_KINDS } from '@/lib/vocabulary';
import { formatDate } from '@/lib/display/format';
import { formatAgo, formatDateTime } from '@/lib/display/format-time';

/** The heading each kind of disagreement goes by. */
export const DISAGREEMENT_KIND_LABELS: Record<(typeof DISAGREEMENT_KINDS)[number], string> = {
  reviewers: 'Between reviewers',
  sources: 'Between sources',
};

/** Shown instead of a reviewers' disagreement's reason while blind rating hides the ratings. */
export const BLIND_REASON = 'Reviewers’ ratings diverge. The details are hidden until you submit your own assessment.';
/** The same for one opened by hand: its reason may well quote the ratings. */
export const BLIND_MANUAL_REASON = 'The reason is hidden until you submit your own assessment, as it may name other reviewers’ ratings.';

/** "3 days ago" for recent times, the date for older ones; the exact time on hover and for machines. */
export function TimeAgo({ value, now }: { value: string; now: Date }) {
  const ago = formatAgo(value, now);
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {ago ?? `on ${formatDate(value)}`}
    </time>
  );
}

interface OpenedLineProps {
  openedAt: string;
  openedByName: string | null;
  now: Date;
  /** Starts a sentence: "Opened …" rather than "opened …". */
  sentence?: boolean;
}

/** "opened automatically 3 days ago" / "opened by Ana Reviewer on 18 Dec 2024". */
export function OpenedLine({ openedAt, openedByName, now, sentence = false }: OpenedLineProps) {
  const verb = sentence ? 'Opened' : 'opened';
  return (
    <>
      {openedByName === null ? `${verb} automatically` : `${verb} by ${openedByName}`} <TimeAgo value={openedAt} now={now} />
    </>
  );
}
