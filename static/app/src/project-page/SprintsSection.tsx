import DynamicTable from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives';
import type { Cycle, ProjectOverviewData, SprintView } from '../../../../src/contract';
import { formatDateRange } from '../shared/dates';
import { SprintStateLozenge } from './lozenges';
import { NoBoard } from './NoBoard';

interface Props {
  board: ProjectOverviewData['board'];
  cycle: Cycle;
  sprints: SprintView[];
  projectName: string;
}

const head: HeadType = {
  cells: [
    { key: 'sprint', content: 'Sprint', width: 22 },
    { key: 'state', content: 'State', width: 10 },
    { key: 'dates', content: 'Dates', width: 20 },
    { key: 'goal', content: 'Sprint Goal', width: 48 },
  ],
};

export function SprintsSection({ board, cycle, sprints, projectName }: Props) {
  return (
    <Box as="section" aria-labelledby="sprints-heading">
      <Stack space="space.150">
        <Stack space="space.050">
          <Heading as="h2" size="medium" id="sprints-heading">
            Sprints
          </Heading>
          {board && (
            <Text color="color.text.subtle">
              Sprints of the board {board.name} that end in {cycle.name}.
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
          <DynamicTable testId="sprints-table" label={`Sprints in ${cycle.name}`} head={head} rows={sprints.map(toRow)} />
        )}
      </Stack>
    </Box>
  );
}

function cycleDates(cycle: Cycle): string {
  const range = formatDateRange(cycle.startDate, cycle.endDate);
  return range ? ` (${range})` : '';
}

function toRow(sprint: SprintView): RowType {
  const goal = sprint.goal.trim();
  return {
    key: String(sprint.id),
    testId: 'sprint-row',
    cells: [
      { key: 'sprint', content: <Text weight="medium">{sprint.name}</Text> },
      { key: 'state', content: <SprintStateLozenge state={sprint.state} /> },
      {
        key: 'dates',
        content: formatDateRange(sprint.startDate, sprint.endDate) ?? <Text color="color.text.subtlest">Dates not set</Text>,
      },
      {
        key: 'goal',
        content: goal ? (
          <Text testId="sprint-goal">{goal}</Text>
        ) : (
          <Text testId="sprint-goal-missing" color="color.text.subtlest">
            No Sprint Goal set
          </Text>
        ),
      },
    ],
  };
}
