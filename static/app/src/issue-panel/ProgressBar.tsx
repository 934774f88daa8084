// A slim progress bar with a tick where progress should be by today, as on the project page, from
// primitives' token props: `token()` would bring all token names (~9 kB gzipped) into the panel.
import { Box, xcss } from '@atlaskit/primitives';
import type { KeyResultStatus } from '../../../../src/contract';
import { formatShare } from '../shared/format';

const FILL = {
  'on-track': 'color.background.success.bold',
  done: 'color.background.success.bold',
  behind: 'color.background.warning.bold',
  'at-risk': 'color.background.danger.bold',
} as const satisfies Record<KeyResultStatus, string>;

const wrapper = xcss({ position: 'relative', paddingBlock: 'space.025' });
const track = xcss({ height: '6px', borderRadius: 'radius.full', overflow: 'hidden' });
const fill = xcss({ height: '100%', borderRadius: 'radius.full' });
const marker = xcss({ position: 'absolute', insetBlockStart: 'space.0', insetBlockEnd: 'space.0', width: '2px', borderRadius: 'radius.small' });

const clamp = (share: number) => Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0));

interface Props {
  /** 0–1. */
  progress: number;
  /** 0–1: where progress should be by today if the cycle's time were spent evenly. */
  expectedProgress: number;
  status: KeyResultStatus;
  /** What the bar measures, for screen readers. */
  label: string;
}

export function ProgressBar({ progress, expectedProgress, status, label }: Props) {
  const done = clamp(progress);
  const expected = clamp(expectedProgress);
  return (
    <Box
      role="progressbar"
      aria-label={`${label}: ${formatShare(done)} done, ${formatShare(expected)} expected by today`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(done * 100)}
      testId="progress-bar"
      xcss={wrapper}
    >
      <Box backgroundColor="color.background.neutral" xcss={track}>
        <Box backgroundColor={FILL[status]} xcss={fill} style={{ width: `${done * 100}%` }} />
      </Box>
      <Box
        backgroundColor="color.background.neutral.bold"
        xcss={marker}
        style={{ left: `calc(${expected * 100}% - 1px)` }}
      />
    </Box>
  );
}
