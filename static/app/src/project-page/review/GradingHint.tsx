import SectionMessage from '@atlaskit/section-message';
import { Box, Text } from '@atlaskit/primitives';
import type { GradingSummary } from '../../../../../src/contract';
import { formatGrade } from './gradeText';

/**
 * Guidance when the team's grades sit near 1.0: the targets may not have been ambitious. About the
 * team's grades as a whole, never about a person.
 */
export function GradingHint({ grading }: { grading: GradingSummary }) {
  if (!grading.targetsMayBeTooLow || grading.average === null) return null;
  return (
    <Box testId="grading-hint">
      <SectionMessage appearance="information" title="Targets may be too easy">
        <Text as="p">
          Your grades this cycle average {formatGrade(grading.average)} over {grading.count === 1 ? '1 grade' : `${grading.count} grades`}. Grades
          near 1.0 often mean the targets were not ambitious; 0.7 is the usual sweet spot.
        </Text>
      </SectionMessage>
    </Box>
  );
}
