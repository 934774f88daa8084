// The app reads the clock (`new Date()`) to find the current cycle, the expected progress and so on,
// as it does on Forge. The benchmark's tenants are built around a fixed "today", so the clock is
// pinned to it, as the resolver tests pin it with Jest's fake timers: `Date.now()` and `new Date()`
// answer that instant, and move only when the benchmark moves them (`movePinnedClock`). Only Date is
// replaced: timers, promises and I/O run as usual, and the benchmark times everything with
// `performance.now()`.

const RealDate = Date;

let pinned = 0;

/**
 * Moves the pinned clock to `now` (it stays there): the scenarios of a team at work (bench/changes.ts)
 * spread their changes and page views over an hour, as they would happen.
 */
export function movePinnedClock(now: Date): void {
  pinned = now.getTime();
}

/** Pins Date to `now` for the rest of the process (undo with the returned function). */
export function pinClock(now: Date): () => void {
  pinned = now.getTime();
  class PinnedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(pinned);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return pinned;
    }
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = PinnedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}
