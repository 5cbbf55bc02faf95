const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Past this, an age in days reads worse than the date itself. */
const RELATIVE_LIMIT = 30 * DAY;

/** An ISO timestamp → "18 Dec 2024, 14:05 UTC". */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `${dateTimeFormat.format(date)} UTC`;
}

/** "just now", "5 minutes ago", "yesterday", "3 days ago" — or null when older than a month (show the date). */
export function formatAgo(value: string, now: Date): string | null {
  const then = new Date(value).getTime();
  if (Number.isNaN(then)) return null;
  const elapsed = Math.max(0, now.getTime() - then);
  if (elapsed >= RELATIVE_LIMIT) return null;
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return relative.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return relative.format(-Math.floor(elapsed / HOUR), 'hour');
  return relative.format(-Math.floor(elapsed / DAY), 'day');
}
