// Dates as people read them: "10 Nov – 23 Nov 2026". Fixed to en-GB day-month order for now.
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dayMonthUtc = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayMonthYearUtc = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

interface ParsedDate {
  date: Date;
  /** A calendar date (yyyy-MM-dd) is read in UTC so it never shifts a day with the viewer's time zone. */
  dateOnly: boolean;
}

function parse(value: string | undefined): ParsedDate | null {
  if (!value) return null;
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : { date, dateOnly };
}

function year(parsed: ParsedDate): number {
  return parsed.dateOnly ? parsed.date.getUTCFullYear() : parsed.date.getFullYear();
}

function format(parsed: ParsedDate, withYear: boolean): string {
  const formatter = parsed.dateOnly
    ? withYear
      ? dayMonthYearUtc
      : dayMonthUtc
    : withYear
      ? dayMonthYear
      : dayMonth;
  return formatter.format(parsed.date);
}

/** "10 Nov 2026", or null when the value is missing or not a date. */
export function formatDate(value: string | undefined): string | null {
  const parsed = parse(value);
  return parsed ? format(parsed, true) : null;
}

/** "10 Nov – 23 Nov 2026"; "28 Dec 2026 – 10 Jan 2027" across years; null when neither date is known. */
export function formatDateRange(start: string | undefined, end: string | undefined): string | null {
  const from = parse(start);
  const to = parse(end);
  if (from && to) {
    const sameYear = year(from) === year(to);
    return `${format(from, !sameYear)} – ${format(to, true)}`;
  }
  if (from) return `From ${format(from, true)}`;
  if (to) return `Until ${format(to, true)}`;
  return null;
}
