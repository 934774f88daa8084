// The top of the page, beside the OKR-in-process gauge: how much of the running sprint (or, with none
// running, the next planned one) serves a Key Result, and which Key Results its Sprint Goal serves.
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import type { Cycle, ProjectOverviewData, SprintView } from '../../../../../src/contract';
import { formatDateRange } from '../../shared/format';
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

/** "starts in 3 days", "starts today"; null without a start date or once it is past. */
export function timeToStart(startDate: string | undefined, now: Date): string | null {
  if (!startDate) return null;
  const start = new Date(startDate).getTime();
  if (Number.isNaN(start)) return null;
  const days = Math.ceil((start - now.getTime()) / DAY_MS);
  if (days < 0) return null;
  if (days === 0) return 'starts today';
  return days === 1 ? 'starts tomorrow' : `starts in ${days} days`;
}

/**
 * The sprint in focus: the running one, else the next planned one, shown the same way so that Sprint
 * Planning sees how much of it serves a Key Result and ties its goal before it starts.
 */
export function ActiveSprintCard({ board, cycle, sprints, keyResults, canEdit, onTie, now = new Date() }: Props) {
  const active = sprints.find((sprint) => sprint.state === 'active');
  const next = sprints.find((sprint) => sprint.state === 'future');
  const shown = active ?? (cycle.state === 'active' ? next : undefined);
  if (!shown) {
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
                  : `No sprint of ${cycle.name} is running or planned. Plan a sprint in Jira's backlog to see how much of it serves a Key Result.`}
          </Text>
        </Stack>
      </Box>
    );
  }

  const planned = shown.state === 'future';
  const when = planned ? timeToStart(shown.startDate, now) : timeLeft(shown.endDate, now);
  const dates = formatDateRange(shown.startDate, shown.endDate);
  return (
    <Box testId="active-sprint" data-sprint-id={shown.id} data-sprint-state={shown.state} xcss={card} as="section" aria-labelledby="active-sprint-heading">
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading as="h2" size="xsmall" id="active-sprint-heading">
            {planned ? `Next: ${shown.name}` : shown.name}
          </Heading>
          <SprintStateLozenge state={shown.state} />
          {(dates || when) && (
            <Text size="small" color="color.text.subtle">
              {[dates, when].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Inline>
        {planned && (
          <Text size="small" color="color.text.subtle" testId="active-sprint-planning">
            No sprint is running. Plan this one here: link its work to the Key Results it serves and tie its Sprint Goal, then start it in Jira's backlog.
          </Text>
        )}
        <Stack space="space.050">
          <Text weight="semibold" testId="active-sprint-alignment">
            {alignmentSentence(shown)}
          </Text>
          {shown.alignedShare !== null && <AlignmentBar share={shown.alignedShare} />}
        </Stack>
        <Stack space="space.050">
          <Heading as="h3" size="xxsmall">
            Sprint Goal
          </Heading>
          <SprintGoal sprint={shown} keyResults={keyResults} canEdit={canEdit} onTie={onTie} testIdPrefix="active-sprint" />
        </Stack>
      </Stack>
    </Box>
  );
}
