import { formatDate, formatDateRange, formatDateTime, formatDayMonth, formatMetric, formatShare, formatValue, joinNames, personName } from './format';

test('a value reads with its unit: tight symbols, prefixed currencies, spaced words', () => {
  expect(formatValue(45, '%')).toBe('45%');
  expect(formatValue(4.3, '/5')).toBe('4.3/5');
  expect(formatValue(1200, '€')).toBe('€1,200');
  expect(formatValue(-30, '$')).toBe('-$30');
  expect(formatValue(320, 'members')).toBe('320 members');
  expect(formatValue(1.23456)).toBe('1.23');
  expect(formatValue(38.96, '%', { estimate: true })).toBe('39%');
});

test('a metric reads as a journey, or as a threshold to hold', () => {
  expect(formatMetric({ direction: 'increase', start: 18, target: 45, current: 27, unit: '%' })).toBe('18% → 45%, now 27%');
  expect(formatMetric({ direction: 'stay-above', start: 99, target: 99.5, current: 99.7, unit: '%' })).toBe('stay above 99.5%, now 99.7%');
  expect(formatMetric({ direction: 'stay-below', start: 300, target: 250, current: 240, unit: 'ms' })).toBe('stay below 250 ms, now 240 ms');
});

test('a share is a whole percentage, held to 0–100', () => {
  expect(formatShare(0.624)).toBe('62%');
  expect(formatShare(0.625)).toBe('63%');
  expect(formatShare(1.4)).toBe('100%');
  expect(formatShare(-0.2)).toBe('0%');
});

test('a calendar date reads the same in every time zone', () => {
  expect(formatDate('2026-12-31')).toBe('31 Dec 2026');
  expect(formatDayMonth('2026-12-31')).toBe('31 Dec');
  expect(formatDayMonth('2027-01-01')).toBe('1 Jan');
});

test('a moment reads in the viewer’s time zone', () => {
  const at = '2026-11-12T14:05:00Z';
  const local = new Date(at);
  const month = local.toLocaleString('en-GB', { month: 'short' });
  expect(formatDate(at)).toBe(`${local.getDate()} ${month} ${local.getFullYear()}`);
  const time = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
  expect(formatDateTime(at)).toBe(`${local.getDate()} ${month} ${local.getFullYear()}, ${time}`);
});

test('what is not a date is shown as given', () => {
  expect(formatDate('soon')).toBe('soon');
  expect(formatDayMonth('')).toBe('');
});

test('a range names the year once, or twice across a new year', () => {
  expect(formatDateRange('2026-11-10', '2026-11-23')).toBe('10 Nov – 23 Nov 2026');
  expect(formatDateRange('2026-12-28', '2027-01-10')).toBe('28 Dec 2026 – 10 Jan 2027');
  expect(formatDateRange('2026-11-10', undefined)).toBe('From 10 Nov 2026');
  expect(formatDateRange(undefined, '2026-11-23')).toBe('Until 23 Nov 2026');
  expect(formatDateRange(undefined, 'not a date')).toBeNull();
});

test('people are named, or stood in for', () => {
  const people = { a: 'Priya Natarajan', b: 'Ana Silva', c: 'Tom Berg' };
  expect(personName(people, 'a')).toBe('Priya Natarajan');
  expect(personName(people, undefined)).toBe('Nobody');
  expect(personName(people, 'z')).toBe('Someone outside this page');
  expect(joinNames([])).toBe('');
  expect(joinNames(['Priya Natarajan'])).toBe('Priya Natarajan');
  expect(joinNames(['Priya Natarajan', 'Ana Silva'])).toBe('Priya Natarajan and Ana Silva');
  expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
  expect(joinNames(['Priya Natarajan', 'Ana Silva', 'Tom Berg'], 'or')).toBe('Priya Natarajan, Ana Silva or Tom Berg');
});
