import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { Box, Text } from '@atlaskit/primitives';
import type { SprintReviewSummary } from '../../../../../src/contract';
import { keyResultCount } from './gradeText';

interface Props {
  /** The cycle's sprint reviews, latest first. */
  reviews: SprintReviewSummary[];
  /** Whether the viewer may grade (check in); otherwise the banner is worded for reading. */
  canGrade: boolean;
  onOpen: (review: SprintReviewSummary) => void;
}

/** The latest sprint review with Key Results still to grade; nothing once every one is graded. */
export function pendingReview(reviews: SprintReviewSummary[]): SprintReviewSummary | undefined {
  return reviews.find((review) => review.gradedCount < review.keyResultCount);
}

/** "GYM Sprint 8 closed: 2 Key Results to grade", at the top of the page after a sprint closes. */
export function ReviewBanner({ reviews, canGrade, onOpen }: Props) {
  const review = pendingReview(reviews);
  if (!review) return null;
  const left = review.keyResultCount - review.gradedCount;
  const graded = review.gradedCount > 0 ? ` (${review.gradedCount} of ${review.keyResultCount} graded so far)` : '';
  return (
    <Box testId="review-banner" data-sprint-id={review.sprintId}>
      <SectionMessage
        appearance="discovery"
        title={canGrade ? `${review.sprintName} closed: ${keyResultCount(left)} to grade` : `${review.sprintName} closed: ${keyResultCount(left)} awaiting a grade`}
        actions={
          <SectionMessageAction onClick={() => onOpen(review)} testId="open-sprint-review">
            {canGrade ? 'Open sprint review' : 'View sprint review'}
          </SectionMessageAction>
        }
      >
        <Text as="p">
          {canGrade
            ? `Grade each Key Result the sprint served from 0.0 to 1.0, with the evidence of its work${graded}. 0.7 is the usual sweet spot.`
            : `A Product Owner or the Objective's owner grades each Key Result the sprint served${graded}.`}
        </Text>
      </SectionMessage>
    </Box>
  );
}
