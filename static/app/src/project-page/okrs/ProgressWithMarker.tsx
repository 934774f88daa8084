import { token } from '@atlaskit/tokens';
import type { KeyResultStatus } from '../../../../../src/contract';
import { formatShare } from '../../shared/format';

const FILL: Record<KeyResultStatus, Parameters<typeof token>[0]> = {
  'on-track': 'color.background.success.bold',
  done: 'color.background.success.bold',
  behind: 'color.background.warning.bold',
  'at-risk': 'color.background.danger.bold',
};

interface Props {
  /** 0–1. */
  progress: number;
  /** 0–1: where progress should be by today if the cycle's time were spent evenly. */
  expectedProgress: number;
  status: KeyResultStatus;
  /** What the bar measures, for screen readers: "Grow weekly active members". */
  label: string;
  size?: 'small' | 'medium';
}

const clamp = (share: number) => Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0));

/**
 * A progress bar with a tick at the expected progress, so "behind" is visible at a glance.
 * Atlaskit's ProgressBar has no marker; this one is drawn from design tokens, so both themes work.
 */
export function ProgressWithMarker({ progress, expectedProgress, status, label, size = 'medium' }: Props) {
  const done = clamp(progress);
  const expected = clamp(expectedProgress);
  const height = size === 'small' ? 6 : 8;
  return (
    <div
      role="progressbar"
      aria-label={`${label}: ${formatShare(done)} done, ${formatShare(expected)} expected by today`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(done * 100)}
      data-testid="progress-with-marker"
      style={{ position: 'relative', paddingBlock: 3 }}
    >
      <div
        style={{
          position: 'relative',
          height,
          borderRadius: height / 2,
          background: token('color.background.neutral'),
          overflow: 'hidden',
        }}
      >
        <div
          style={{
            width: `${done * 100}%`,
            height: '100%',
            borderRadius: height / 2,
            background: token(FILL[status]),
          }}
        />
      </div>
      <div
        data-testid="expected-marker"
        title={`Expected by today: ${formatShare(expected)}`}
        style={{
          position: 'absolute',
          top: 0,
          bottom: 0,
          left: `calc(${expected * 100}% - 1px)`,
          width: 2,
          borderRadius: 1,
          background: token('color.border.bold'),
        }}
      />
    </div>
  );
}
