/**
 * The value a test expects to be there, or a failure that names what was missing (instead of a
 * `TypeError` further on when the test reads from `undefined`).
 */
export function must<T>(value: T, what: string): NonNullable<T> {
  if (value === undefined || value === null) throw new Error(`Expected ${what} to be present, but it is ${String(value)}.`);
  return value;
}
