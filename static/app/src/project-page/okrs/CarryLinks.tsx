// Carry-overs on an Objective's card: the cycle it continues from, or the cycle it was carried over to
// with the Key Results that went (each with the grade it closed with), and "Carry over…" for whoever may
// carry it, which opens CarryOverModal. Loaded only for a card that needs it, as a small chunk of plain
// elements: the page's first load is at its budget, and sharing Atlaskit's modules with the first load
// would split its chunks.
import { useState } from 'react';
import type { Cycle, ObjectiveView } from '../../../../../src/contract';
import { canCarry, cycleName, nextCycleId } from './carry';
import CarryOverModal from './CarryOverModal';

const line = { margin: 0, font: 'var(--ds-font-body-small, normal 400 12px/16px sans-serif)', color: 'var(--ds-text-subtle, #44546F)' } as const;
const button = {
  font: 'var(--ds-font-body, normal 400 14px/20px sans-serif)',
  color: 'var(--ds-text, #172B4D)',
  background: 'var(--ds-background-neutral, #091E420F)',
  border: 'none',
  borderRadius: 'var(--ds-border-radius, 3px)',
  padding: '2px 8px',
  cursor: 'pointer',
  alignSelf: 'flex-start',
} as const;
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
/** "13%", "4.3/5", "36 sessions": as the page writes values, without its formatter's module (see above). */
const value = (amount: number, unit: string | undefined) => `${amount}${!unit ? '' : unit === '%' || unit.startsWith('/') ? unit : ` ${unit}`}`;

interface Props {
  objective: ObjectiveView;
  cycle: Cycle;
  canEdit: boolean;
  /** Once something was carried, or after a conflict: the page shows storage as it is now. */
  onReload: () => void;
}

/**
 * "↩ Continues from Q4 2026 (carried over on 23 Nov 2026): “Members with a plan” starts at the 44 % it reached there" /
 * "↪ Carried over to Q1 2027 on 23 Nov 2026, with “Members with a plan” (graded 0.5)".
 */
export default function CarryLinks({ objective, cycle, canEdit, onReload }: Props) {
  const [open, setOpen] = useState(false);
  const { carriedFrom, carriedTo } = objective;
  const from = objective.keyResults.filter((keyResult) => keyResult.carriedFrom);
  const to = objective.keyResults.filter((keyResult) => keyResult.carriedTo);
  const carry = canCarry(objective, cycle.state, canEdit);
  if (!carriedFrom && !carriedTo && !carry) return null;
  return (
    <>
      {carriedFrom && (
        <p style={line} data-testid="carried-from">
          ↩ Continues from {cycleName(carriedFrom.cycleId)} (carried over on {day.format(new Date(carriedFrom.at))})
          {from.length > 0 && `: ${from.map((keyResult) => `“${keyResult.title}” starts at the ${value(keyResult.metric.start, keyResult.metric.unit)} it reached there`).join('; ')}`}
        </p>
      )}
      {carriedTo && (
        <p style={line} data-testid="carried-to">
          ↪ Carried over to {cycleName(carriedTo.cycleId)} on {day.format(new Date(carriedTo.at))}
          {to.length > 0 && `, with ${to.map((keyResult) => `“${keyResult.title}”${keyResult.lastGrade === null ? '' : ` (graded ${keyResult.lastGrade.toFixed(1)})`}`).join(', ')}`}
        </p>
      )}
      {carry && (
        <button type="button" style={button} data-testid="carry-over" aria-label={`Carry “${objective.title}” over to ${cycleName(carriedTo?.cycleId ?? nextCycleId(cycle.id))}`} onClick={() => setOpen(true)}>
          {carriedTo ? 'Carry more Key Results over…' : `Carry over to ${cycleName(nextCycleId(cycle.id))}…`}
        </button>
      )}
      {open && (
          <CarryOverModal
            objective={objective}
            cycle={cycle}
            onClose={() => setOpen(false)}
            onReload={() => {
              setOpen(false);
              onReload();
            }}
          />
      )}
    </>
  );
}
