// Nudges: a Key Result nobody has checked in on for longer than the team's setting (14 days by
// default) is "to check in". Pure: the project page, the Sprint Review and any other view (a
// dashboard gadget, say) ask this one function.
import { UTCDate } from '@date-fns/utc';
import { differenceInCalendarDays } from 'date-fns';
import type { Cycle, KeyResultStatus } from '../contract';

// The setting's default and bounds are part of the resolver API (contract.ts); kept here too for the domain's readers.
export { DEFAULT_STALE_CHECK_IN_DAYS, MAX_STALE_CHECK_IN_DAYS, MIN_STALE_CHECK_IN_DAYS } from '../contract';

export interface CheckInStaleness {
  /** Whole days (UTC) since the last check-in, or since the Key Result started when it has none. */
  daysWithoutCheckIn: number;
  /** True once `daysWithoutCheckIn` is more than the setting, while the cycle runs and there is something to measure. */
  stale: boolean;
}

export interface StalenessInput {
  /** When the latest check-in was recorded (ISO date-time), or null with none. */
  lastCheckInAt: string | null;
  /** The day the Key Result's clock started (yyyy-MM-dd): its start date or its creation, within its cycle. */
  startedOn: string;
  cycle: Pick<Cycle, 'state'>;
  status: KeyResultStatus;
  today: Date;
  staleCheckInDays: number;
}

/**
 * How long a Key Result has gone without a check-in, and whether that is too long. Counted in whole
 * calendar days (UTC): a check-in on the 1st is 14 days old on the 15th, and stale on the 16th with
 * the default setting ("longer than 14 days"). Never stale:
 * - outside a running cycle: before it starts there is nothing to check in, after it ends the
 *   Sprint Review grades instead;
 * - once done (its target reached) or when not measurable (start equals target: no value to report).
 * A check-in dated after today (a clock ahead) counts as today's.
 */
export function checkInStaleness(input: StalenessInput): CheckInStaleness {
  const since = input.lastCheckInAt ?? `${input.startedOn}T00:00:00.000Z`;
  const days = Math.max(0, differenceInCalendarDays(new UTCDate(input.today), new UTCDate(since)));
  const applies = input.cycle.state === 'active' && input.status !== 'done' && input.status !== 'not-measurable';
  return { daysWithoutCheckIn: days, stale: applies && days > input.staleCheckInDays };
}
