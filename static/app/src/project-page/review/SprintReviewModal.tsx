// The sprint review: each Key Result the closed sprint served, with its evidence, graded 0.0–1.0 by a
// Product Owner (or the Objective's owner). It stays open from one Key Result to the next.
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import SectionMessage from '@atlaskit/section-message';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import type { KeyResultView, SprintReviewData } from '../../../../../src/contract';
import { formatDate, personName } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { useResolver } from '../../shared/useResolver';
import { bareList } from '../okrs/styles';
import { ResolverErrorMessage } from '../ResolverErrorMessage';
import type { GradePayload } from './GradeForm';
import { formatGrade, gradedCountText } from './gradeText';
import { ReviewedKeyResultCard } from './ReviewedKeyResultCard';
import { DiscardQuestion, useMenuEscape } from '../dismissal';

interface Props {
  sprintId: number;
  sprintName: string;
  /** Names the page already knows; the review's own answer adds its graders. */
  people: Record<string, string>;
  viewerAccountId: string | undefined;
  onClose: () => void;
  /** A grade was saved: the page brings its overview up to date. */
  onGraded: (keyResult: KeyResultView) => void;
}

const hidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

export function SprintReviewModal({ sprintId, sprintName, people, viewerAccountId, onClose, onGraded }: Props) {
  const loaded = useResolver('getSprintReview', { sprintId });
  const [announcement, setAnnouncement] = useState('');
  const review = loaded.data;
  const reload = loaded.reload;
  // The Key Results whose form holds a grade chosen or something typed and not saved yet: Esc, a click
  // outside or the × asks before dropping them.
  const [editing, setEditing] = useState<ReadonlySet<string>>(() => new Set());
  const typing = editing.size > 0;
  const markEditing = (keyResultId: string, now: boolean) =>
    setEditing((current) => {
      if (current.has(keyResultId) === now) return current;
      const next = new Set(current);
      if (now) next.add(keyResultId);
      else next.delete(keyResultId);
      return next;
    });
  const [askingToDiscard, setAskingToDiscard] = useState(false);
  const menuEscape = useMenuEscape();
  const requestClose = (event?: unknown) => {
    if (event !== undefined && menuEscape.closedMenu(event)) return;
    if (typing && !askingToDiscard) setAskingToDiscard(true);
    else onClose();
  };

  const saved = (payload: GradePayload, keyResult: KeyResultView) => {
    loaded.update((current) => withGrade(current, payload, keyResult, viewerAccountId ?? ''));
    setAskingToDiscard(false);
    setAnnouncement(`Graded “${keyResult.title}” ${formatGrade(payload.score)}`);
    onGraded(keyResult);
    // The grader's name, the correction kept, the exact time: as the server recorded them.
    loaded.refresh();
  };

  const nameOf = (accountId: string) => {
    const known = review?.people[accountId] ?? people[accountId];
    if (known) return known;
    return accountId && accountId === viewerAccountId ? 'you' : personName({}, accountId);
  };

  const graded = review ? review.keyResults.filter((keyResult) => keyResult.grade).length : 0;
  const total = review?.keyResults.length ?? 0;

  return (
    <ModalDialog onClose={requestClose} testId="sprint-review" width="large">
      <ModalHeader hasCloseButton>
        <ModalTitle>Sprint review: {review?.sprint.name ?? sprintName}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        {loaded.state === 'error' && !review ? (
          <ResolverErrorMessage error={loaded.error} what={`the review of ${sprintName}`} onRetry={reload} />
        ) : !review ? (
          <Loading label={`Loading the review of ${sprintName}`} size="medium" />
        ) : (
          <Stack space="space.200">
            {askingToDiscard && <DiscardQuestion onKeep={() => setAskingToDiscard(false)} onDiscard={onClose} />}
            <Intro review={review} />
            {review.keyResults.length === 0 ? (
              <EmptyState
                testId="review-empty"
                headingLevel={3}
                header="This sprint served no Key Result"
                description="No Key Result was tied to its Sprint Goal or linked to its work when it closed, so there is nothing to grade."
              />
            ) : (
              <Stack as="ol" space="space.200" xcss={bareList} aria-label={`Key Results ${review.sprint.name} served`}>
                {review.keyResults.map((keyResult) => (
                  <ReviewedKeyResultCard
                    key={keyResult.id}
                    sprintId={sprintId}
                    keyResult={keyResult}
                    nameOf={nameOf}
                    onSaved={saved}
                    onReload={reload}
                    onEditing={(now) => markEditing(keyResult.id, now)}
                  />
                ))}
              </Stack>
            )}
          </Stack>
        )}
        <div role="status" aria-live="polite" style={hidden}>
          {announcement}
        </div>
      </ModalBody>
      <ModalFooter>
        <Inline space="space.150" alignBlock="center">
          {review && total > 0 && (
            <Text color="color.text.subtle" testId="review-progress">
              {gradedCountText(graded, total)}
            </Text>
          )}
          <Button appearance="primary" onClick={onClose} testId="close-review">
            {review && review.canGrade && graded < total ? 'Finish later' : 'Close'}
          </Button>
        </Inline>
      </ModalFooter>
    </ModalDialog>
  );
}

function Intro({ review }: { review: SprintReviewData }) {
  const goal = review.sprint.goal.trim();
  const total = review.keyResults.length;
  return (
    <Stack space="space.100" testId="review-intro">
      <Text color="color.text.subtle">Closed {formatDate(review.closedAt)}</Text>
      {goal && (
        <Text>
          <Text color="color.text.subtle">Sprint Goal: </Text>
          {goal}
        </Text>
      )}
      <ToCheckInList review={review} />
      {review.canGrade && total > 0 && (
        <Box testId="grade-legend">
          <Text size="small" color="color.text.subtle">
            Grade each Key Result from 0.0 to 1.0: <Text size="small" weight="semibold">0.7</Text> is the sweet spot, an ambitious target well
            reached; 1.0 may mean the target was too easy; 0.3 or less is a miss to learn from. Grades belong to the Key Result and the team.
          </Text>
        </Box>
      )}
    </Stack>
  );
}

/** The review with a grade just saved: the previous one (if any) kept as a correction. */
function withGrade(review: SprintReviewData, payload: GradePayload, saved: KeyResultView, accountId: string): SprintReviewData {
  return {
    ...review,
    keyResults: review.keyResults.map((keyResult) =>
      keyResult.id !== payload.keyResultId
        ? keyResult
        : {
            ...keyResult,
            ...saved,
            evidence: keyResult.evidence,
            atClose: keyResult.atClose,
            objective: keyResult.objective,
            canGrade: keyResult.canGrade,
            grade: {
              score: payload.score,
              ...(payload.confidence !== undefined ? { confidence: payload.confidence } : {}),
              ...(payload.note !== undefined ? { note: payload.note } : {}),
              value: payload.value ?? saved.metric.current,
              at: new Date().toISOString(),
              accountId,
            },
            corrections: keyResult.grade ? [...keyResult.corrections, keyResult.grade] : keyResult.corrections,
          },
    ),
  };
}

/**
 * The Sprint Review is the team's check-in: it names the Key Results nobody has checked in on for
 * longer than the team allows (from the reviewed ones, as they stand now: a grade with a new value
 * is a check-in and takes one off the list).
 */
function ToCheckInList({ review }: { review: SprintReviewData }) {
  const stale = review.keyResults.filter((keyResult) => keyResult.stale);
  if (stale.length === 0) return null;
  return (
    <Box testId="review-to-check-in">
      <SectionMessage appearance="information" title={stale.length === 1 ? '1 Key Result to check in' : `${stale.length} Key Results to check in`}>
        <Stack space="space.050">
          <Text as="p">
            No check-in for longer than the team allows.{review.canGrade ? ' A grade with a new value checks in too.' : ''}
          </Text>
          <Stack as="ul" space="space.025">
            {stale.map((keyResult) => (
              <Box as="li" key={keyResult.id} testId="review-to-check-in-item">
                <Text>
                  {keyResult.title} <Text color="color.text.subtle">({keyResult.daysWithoutCheckIn} days)</Text>
                </Text>
              </Box>
            ))}
          </Stack>
        </Stack>
      </SectionMessage>
    </Box>
  );
}
