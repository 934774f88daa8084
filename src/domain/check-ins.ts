// Where a Key Result's values come from. Confidence is a person's judgement: only a check-in a person
// typed sets it; a value read by a query or pushed by another system carries it along unchanged.
import type { CheckIn } from '../contract';

/** Whether a person typed the check-in (absent source: typed). */
export const isTypedCheckIn = (checkIn: Pick<CheckIn, 'source'>): boolean => checkIn.source === undefined || checkIn.source === 'typed';

/** The latest check-in a person typed, or null: the one confidence comes from. */
export function lastTypedCheckIn(checkIns: readonly CheckIn[]): CheckIn | null {
  for (let index = checkIns.length - 1; index >= 0; index--) {
    const checkIn = checkIns[index];
    if (checkIn && isTypedCheckIn(checkIn)) return checkIn;
  }
  return null;
}

/** The confidence an automatic value carries: the last typed check-in's at or before it (none before anyone checked in). */
export function carriedConfidence(checkIns: readonly CheckIn[], at: string): number | undefined {
  return lastTypedCheckIn(checkIns.filter((checkIn) => checkIn.at <= at))?.confidence;
}
