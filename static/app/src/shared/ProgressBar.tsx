// Progress bars drawn from primitives' token props, so both themes work: `token()` would bring all
// token names (~9 kB gzipped) into the issue panel, and Atlaskit's ProgressBar has no marker.
import { Box, xcss } from '@atlaskit/primitives';
import type { KeyResultStatus } from '../../../../src/contract';
import { formatShare } from './format';

const FILL = {
  'on-track': 'color.background.success.bold',
  done: 'color.background.success.bold',
  behind: 'color.background.warning.bold',
  'at-risk': 'color.background.danger.bold',
  'not-measurable': 'color.background.neutral.bold',
} as const satisfies Record<KeyResultStatus, string>;

const wrapper = xcss({ position: 'relative', paddingBlock: 'space.025' });
const track = xcss({ borderRadius: 'radius.full', overflow: 'hidden' });
const fill = xcss({ height: '100%', borderRadius: 'radius.full' });
const marker = xcss({
  position: 'absolute',
  insetBlockStart: 'space.0',
  insetBlockEnd: 'space.0',
  borderInlineStartWidth: 'border.width.selected',
  borderInlineStartStyle: 'solid',
  borderInlineStartColor: 'color.border.bold',
});

const clamp = (share: number) => Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0));

interface BarProps {
  /** 0–1. */
  progress: number;
  /** 0–1: where progress should be by today if the cycle's time were spent evenly; a tick marks it. */
  expectedProgress?: number;
  status: KeyResultStatus;
  /** What the bar measures, for screen readers: "Grow weekly active members". */
  label: string;
  size?: 'small' | 'medium';
}

/** A slim progress bar; the tick at the expected progress makes "behind" visible at a glance. */
export function ProgressBar({ progress, expectedProgress, status, label, size = 'medium' }: BarProps) {
  // Nothing to measure: an empty bar with no mark, rather than a full one that reads as done.
  const measurable = status !== 'not-measurable';
  const done = measurable ? clamp(progress) : 0;
  const expected = expectedProgress === undefined || !measurable ? undefined : clamp(expectedProgress);
  return (
    <Box
      role="progressbar"
      aria-label={!measurable ? `${label}: not measurable` : `${label}: ${formatShare(done)} done${expected === undefined ? '' : `, ${formatShare(expected)} expected by today`}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(done * 100)}
      testId="progress-bar"
      xcss={wrapper}
    >
      <Box backgroundColor="color.background.neutral" xcss={track} style={{ height: size === 'small' ? 6 : 8 }}>
        <Box backgroundColor={FILL[status]} xcss={fill} style={{ width: `${done * 100}%` }} />
      </Box>
      {expected !== undefined && (
        <Box
          as="div"
          testId="expected-marker"
          title={`Expected by today: ${formatShare(expected)}`}
          xcss={marker}
          style={{ left: `calc(${expected * 100}% - 1px)` }}
        />
      )}
    </Box>
  );
}
