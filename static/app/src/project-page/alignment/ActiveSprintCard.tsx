// The top of the page, beside the OKR-in-process gauge: how much of the running sprint serves a Key
// Result, and which Key Results its Sprint Goal serves.
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import type { Cycle, ProjectOverviewData, SprintView } from '../../../../../src/contract';
import { formatDate, formatDateRange } from '../../shared/format';
import { SprintStateLozenge } from '../lozenges';
import { AlignmentBar } from './AlignmentBar';
import type { IndexedKeyResult } from './keyResultIndex';
import { SprintGoal } from './SprintGoal';
import { alignmentSentence } from './sprintText';

interface Props {
  board: ProjectOverviewData['board'];
  cycle: Cycle;
  sprints: SprintView[];
  keyResults: Map<string, IndexedKeyResult>;
  canEdit: boolean;
  onTie: (sprint: SprintView) => void;
  now?: Date;
}

const card = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.medium',
  backgroundColor: 'elevation.surface',
  padding: 'space.150',
  height: '100%',
});

const DAY_MS = 86_400_000;

/** "3 days left", "last day"; null without an end date. */
export function timeLeft(endDate: string | undefined, now: Date): string | null {
  if (!endDate) return null;
  const end = new Date(endDate).getTime();
  if (Number.isNaN(end)) return null;
  const days = Math.ceil((end - now.getTime()) / DAY_MS);
  if (days <= 0) return 'past its end date';
  return days === 1 ? 'last day' : `${days} days left`;
}

export function ActiveSprintCard({ board, cycle, sprints, keyResults, canEdit, onTie, now = new Date() }: Props) {
  const active = sprints.find((sprint) => sprint.state === 'active');
  if (!active) {
    const next = sprints.find((sprint) => sprint.state === 'future');
    const nextStart = next?.startDate && formatDate(next.startDate);
    return (
      <Box testId="active-sprint" data-sprint-id="none" xcss={card} as="section" aria-labelledby="active-sprint-heading">
        <Stack space="space.100">
          <Heading as="h2" size="xsmall" id="active-sprint-heading">
            No sprint running
          </Heading>
          <Text as="p" color="color.text.subtle" testId="active-sprint-empty">
            {board === null
              ? 'Sprints and how much of each serves a Key Result show here once the project has a Scrum board.'
              : cycle.state === 'closed'
                ? `${cycle.name} is over: its sprints, and the Key Results each served, are listed below.`
                : cycle.state === 'draft'
                  ? `${cycle.name} has not started. Its sprints show here as they run; switch to the current cycle for the sprint running now.`
                  : next
                ? `No sprint of ${cycle.name} is running now. Next: ${next.name}${nextStart ? `, from ${nextStart}` : ''}. Start it in Jira's backlog to see how much of it serves a Key Result.`
                : `No sprint of ${cycle.name} is running now. Start a sprint in Jira's backlog to see how much of it serves a Key Result.`}
          </Text>
        </Stack>
      </Box>
    );
  }

  const left = timeLeft(active.endDate, now);
  const dates = formatDateRange(active.startDate, active.endDate);
  return (
    <Box testId="active-sprint" data-sprint-id={active.id} xcss={card} as="section" aria-labelledby="active-sprint-heading">
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading as="h2" size="xsmall" id="active-sprint-heading">
            {active.name}
          </Heading>
          <SprintStateLozenge state={active.state} />
          {(dates || left) && (
            <Text size="small" color="color.text.subtle">
              {[dates, left].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Inline>
        <Stack space="space.050">
          <Text weight="semibold" testId="active-sprint-alignment">
            {alignmentSentence(active)}
          </Text>
          {active.alignedShare !== null && <AlignmentBar share={active.alignedShare} />}
        </Stack>
        <Stack space="space.050">
          <Heading as="h3" size="xxsmall">
            Sprint Goal
          </Heading>
          <SprintGoal sprint={active} keyResults={keyResults} canEdit={canEdit} onTie={onTie} testIdPrefix="active-sprint" />
        </Stack>
      </Stack>
    </Box>
  );
}
