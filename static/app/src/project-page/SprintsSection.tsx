// The cycle's sprints as a timeline: where the cycle stands, and per sprint its Sprint Goal, the Key
// Results the goal serves, and how much of the sprint's work serves one.
import EmptyState from '@atlaskit/empty-state';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { Cycle, ProjectOverviewData, SprintReviewSummary, SprintState, SprintView } from '../../../../src/contract';
import { formatDate, formatDateRange, formatShare } from '../shared/format';
import { AlignmentBar } from './alignment/AlignmentBar';
import type { IndexedKeyResult } from './alignment/keyResultIndex';
import { SprintGoal } from './alignment/SprintGoal';
import { issueCount } from './alignment/sprintText';
import { SprintStateLozenge } from './lozenges';
import { NoBoard } from './NoBoard';
import { bareList } from './okrs/styles';
import { gradedCountText } from './review/gradeText';

interface Props {
  board: ProjectOverviewData['board'];
  cycle: Cycle;
  sprints: SprintView[];
  projectName: string;
  keyResults: Map<string, IndexedKeyResult>;
  canEdit: boolean;
  onTie: (sprint: SprintView) => void;
  /** The cycle's sprint reviews: a closed sprint with one offers to open it. */
  reviews: SprintReviewSummary[];
  onOpenReview: (review: SprintReviewSummary) => void;
  now?: Date;
}

const DAY_MS = 86_400_000;

const rowStyle = xcss({ paddingBlock: 'space.100', paddingInline: 'space.100', borderRadius: 'radius.medium' });
const activeRow = xcss({ backgroundColor: 'color.background.neutral.subtle.hovered' });

/** The cycle's span in ms: from its first day to the end of its last. */
function cycleSpan(cycle: Cycle): { start: number; end: number } {
  return { start: Date.parse(`${cycle.startDate}T00:00:00Z`), end: Date.parse(`${cycle.endDate}T00:00:00Z`) + DAY_MS };
}

/** "day 54 of 92"; null outside the cycle. */
export function cycleDay(cycle: Cycle, now: Date): string | null {
  const { start, end } = cycleSpan(cycle);
  const time = now.getTime();
  if (!(time >= start && time < end)) return null;
  return `day ${Math.floor((time - start) / DAY_MS) + 1} of ${Math.round((end - start) / DAY_MS)}`;
}

export function SprintsSection({ board, cycle, sprints, projectName, keyResults, canEdit, onTie, reviews, onOpenReview, now = new Date() }: Props) {
  const day = cycleDay(cycle, now);
  const reviewOf = new Map(reviews.map((review) => [review.sprintId, review]));
  return (
    <Box as="section" aria-labelledby="sprints-heading" testId="sprints">
      <Stack space="space.150">
        <Stack space="space.050">
          <Heading as="h2" size="medium" id="sprints-heading">
            Sprints
          </Heading>
          {board && (
            <Text color="color.text.subtle">
              Sprints of the board {board.name} that end in {cycle.name}
              {day ? `, now on ${day} of the cycle` : ''}.
            </Text>
          )}
        </Stack>
        {board === null ? (
          <NoBoard projectName={projectName} headingLevel={3} />
        ) : sprints.length === 0 ? (
          <EmptyState
            testId="no-sprints"
            headingLevel={3}
            header={`No sprints in ${cycle.name}`}
            description={`No sprint of ${board.name} ends in this cycle${cycleDates(cycle)}. Plan a sprint in Jira's backlog and it shows here.`}
          />
        ) : (
          <Stack space="space.150">
            <CycleStrip cycle={cycle} sprints={sprints} now={now} />
            <Stack as="ol" xcss={bareList} space="space.0" aria-label={`Sprints in ${cycle.name}`} testId="sprints-timeline">
              {sprints.map((sprint, index) => (
                <SprintRow
                  key={sprint.id}
                  sprint={sprint}
                  first={index === 0}
                  last={index === sprints.length - 1}
                  keyResults={keyResults}
                  canEdit={canEdit}
                  onTie={onTie}
                  review={sprint.state === 'closed' ? reviewOf.get(sprint.id) : undefined}
                  onOpenReview={onOpenReview}
                />
              ))}
            </Stack>
          </Stack>
        )}
      </Stack>
    </Box>
  );
}

function cycleDates(cycle: Cycle): string {
  const range = formatDateRange(cycle.startDate, cycle.endDate);
  return range ? ` (${range})` : '';
}

interface RowProps {
  sprint: SprintView;
  first: boolean;
  last: boolean;
  keyResults: Map<string, IndexedKeyResult>;
  canEdit: boolean;
  onTie: (sprint: SprintView) => void;
  review: SprintReviewSummary | undefined;
  onOpenReview: (review: SprintReviewSummary) => void;
}

function SprintRow({ sprint, first, last, keyResults, canEdit, onTie, review, onOpenReview }: RowProps) {
  const active = sprint.state === 'active';
  return (
    <Box
      as="li"
      testId="sprint-row"
      data-sprint-id={sprint.id}
      data-sprint-state={sprint.state}
      aria-current={active ? 'step' : undefined}
      xcss={active ? [rowStyle, activeRow] : rowStyle}
    >
      <div style={{ display: 'grid', gridTemplateColumns: '16px minmax(0, 1fr) minmax(120px, 200px)', columnGap: token('space.150'), alignItems: 'start' }}>
        <Rail state={sprint.state} first={first} last={last} />
        <Stack space="space.075">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Text weight="semibold">{sprint.name}</Text>
            <SprintStateLozenge state={sprint.state} />
            <Text size="small" color={sprint.startDate || sprint.endDate ? 'color.text.subtle' : 'color.text.subtlest'}>
              {formatDateRange(sprint.startDate, sprint.endDate) ?? 'Dates not set'}
            </Text>
          </Inline>
          <SprintGoal sprint={sprint} keyResults={keyResults} canEdit={canEdit} onTie={onTie} testIdPrefix="sprint" />
          {review && <ReviewLink review={review} onOpen={onOpenReview} />}
        </Stack>
        <SprintAlignment sprint={sprint} />
      </div>
    </Box>
  );
}

/** A closed sprint's review: "Sprint review: 3 of 4 graded". */
function ReviewLink({ review, onOpen }: { review: SprintReviewSummary; onOpen: (review: SprintReviewSummary) => void }) {
  const done = review.gradedCount >= review.keyResultCount;
  const text = `Sprint review: ${gradedCountText(review.gradedCount, review.keyResultCount)}`;
  return (
    <Box>
      <Button
        spacing="compact"
        appearance={done ? 'subtle' : 'default'}
        testId={`open-review-${review.sprintId}`}
        data-graded={review.gradedCount}
        data-key-results={review.keyResultCount}
        aria-label={`${text} (${review.sprintName})`}
        onClick={() => onOpen(review)}
      >
        {text}
      </Button>
    </Box>
  );
}

/** The sprint's share of work serving a Key Result, in the timeline's right column. */
function SprintAlignment({ sprint }: { sprint: SprintView }) {
  if (sprint.issueCount === 0) {
    return (
      <Text size="small" color="color.text.subtlest" testId="sprint-aligned-share" data-share="none">
        No issues yet
      </Text>
    );
  }
  if (sprint.alignedShare === null) {
    return (
      <Text size="small" color="color.text.subtlest" testId="sprint-aligned-share" data-share="unknown">
        {issueCount(sprint.issueCount)}, alignment not known yet
      </Text>
    );
  }
  return (
    <Stack space="space.050" testId="sprint-aligned-share" data-share={sprint.alignedShare}>
      <Text size="small">
        <Text size="small" weight="semibold">
          {formatShare(sprint.alignedShare)}
        </Text>{' '}
        of {issueCount(sprint.issueCount)} {sprint.issueCount === 1 ? 'serves' : 'serve'} a Key Result
      </Text>
      <AlignmentBar share={sprint.alignedShare} height={6} />
      {sprint.alignedPointShare !== null && (
        <Text size="small" color="color.text.subtle">
          {formatShare(sprint.alignedPointShare)} of story points
        </Text>
      )}
    </Stack>
  );
}

const DOT: Record<SprintState, { fill: string; border: string }> = {
  closed: { fill: token('color.background.success.bold'), border: token('color.background.success.bold') },
  active: { fill: token('color.background.information.bold'), border: token('color.border.focused') },
  future: { fill: token('elevation.surface'), border: token('color.border.bold') },
};

/** The timeline's rail: a dot per sprint on a line through the cycle. Decorative: the state is in the lozenge. */
function Rail({ state, first, last }: { state: SprintState; first: boolean; last: boolean }) {
  const dot = DOT[state];
  return (
    <div aria-hidden style={{ position: 'relative', alignSelf: 'stretch', minHeight: 24 }}>
      <div
        style={{
          position: 'absolute',
          left: 7,
          width: 2,
          // Through the row's padding (8px) and the reset's 4px between list items, end to end: the
          // border colour is translucent, so an overlap would show as a darker tick.
          top: first ? 10 : -8,
          bottom: last ? undefined : -12,
          height: last ? 10 : undefined,
          background: token('color.border'),
        }}
      />
      <div
        style={{
          position: 'absolute',
          top: 4,
          left: state === 'active' ? 1 : 2,
          width: state === 'active' ? 14 : 12,
          height: state === 'active' ? 14 : 12,
          boxSizing: 'border-box',
          borderRadius: '50%',
          background: dot.fill,
          border: `2px solid ${dot.border}`,
        }}
      />
    </div>
  );
}

/**
 * The cycle from its first to its last day, with each sprint where it falls and a marker at today.
 * Decorative: the list below says the same, sprint by sprint.
 */
function CycleStrip({ cycle, sprints, now }: { cycle: Cycle; sprints: SprintView[]; now: Date }) {
  const { start, end } = cycleSpan(cycle);
  const span = end - start;
  if (!(span > 0)) return null;
  const at = (time: number) => Math.max(0, Math.min(1, (time - start) / span)) * 100;
  const today = now.getTime();
  const placed = sprints.flatMap((sprint) => {
    const from = sprint.startDate ? Date.parse(sprint.startDate) : NaN;
    const to = sprint.endDate ? Date.parse(sprint.endDate) : NaN;
    if (Number.isNaN(from) || Number.isNaN(to) || to <= start || from >= end) return [];
    return [{ sprint, left: at(from), width: at(to) - at(from) }];
  });
  return (
    <div aria-hidden data-testid="cycle-strip">
      <div style={{ position: 'relative', height: 22, borderRadius: 4, background: token('color.background.neutral.subtle') }}>
        {placed.map(({ sprint, left, width }) => (
          <div
            key={sprint.id}
            title={sprint.name}
            style={{
              position: 'absolute',
              top: 0,
              bottom: 0,
              left: `calc(${left}% + 1px)`,
              width: `calc(${width}% - 2px)`,
              boxSizing: 'border-box',
              borderRadius: 4,
              overflow: 'hidden',
              whiteSpace: 'nowrap',
              textOverflow: 'ellipsis',
              paddingInline: 6,
              font: token('font.body.small'),
              lineHeight: '20px',
              color: token(sprint.state === 'active' ? 'color.text.inverse' : 'color.text.subtle'),
              background: token(
                sprint.state === 'active' ? 'color.background.information.bold' : sprint.state === 'closed' ? 'color.background.neutral' : 'elevation.surface',
              ),
              border: `1px ${sprint.state === 'future' ? 'dashed' : 'solid'} ${token(sprint.state === 'active' ? 'color.background.information.bold' : 'color.border')}`,
            }}
          >
            {sprint.name}
          </div>
        ))}
        {today >= start && today < end && (
          <div
            data-testid="cycle-strip-today"
            style={{ position: 'absolute', top: -3, bottom: -3, left: `calc(${at(today)}% - 1px)`, width: 2, borderRadius: 1, background: token('color.text') }}
          />
        )}
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 2 }}>
        <Text size="small" color="color.text.subtlest">
          {formatDate(cycle.startDate)}
        </Text>
        <Text size="small" color="color.text.subtlest">
          {formatDate(cycle.endDate)}
        </Text>
      </div>
    </div>
  );
}
