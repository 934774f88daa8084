import { Box, Inline, Text, xcss } from '@atlaskit/primitives';
import type { ReactNode } from 'react';
import type { KeyResultStatus } from '../../../../../src/contract';
import { formatShare } from '../../shared/format';
import { ProgressBar } from '../../shared/ProgressBar';

const barColumn = xcss({ flexGrow: 1, minWidth: '160px', maxWidth: '480px' });

interface Props {
  /** 0–1. */
  progress: number;
  /** 0–1: where progress should be by today. */
  expectedProgress: number;
  status: KeyResultStatus;
  /** What the bar measures, for screen readers. */
  label: string;
  testId?: string;
  /** After the words: the Objective's health. */
  children?: ReactNode;
}

/** How far an Objective or a Key Result got: the bar, its share, and where it should be by today. */
export function ProgressLine({ testId, children, ...bar }: Props) {
  return (
    <Inline space="space.150" alignBlock="center" shouldWrap testId={testId}>
      <Box xcss={barColumn}>
        <ProgressBar {...bar} />
      </Box>
      {bar.status === 'not-measurable' ? (
        <Text size="small" color="color.text.subtle" testId="not-measurable">
          not measurable yet: set a target apart from the start
        </Text>
      ) : (
        <>
          <Text weight="semibold">{formatShare(bar.progress)}</Text>
          <Text size="small" color="color.text.subtle">
            expected {formatShare(bar.expectedProgress)} by today
          </Text>
        </>
      )}
      {children}
    </Inline>
  );
}
