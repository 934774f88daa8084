import DynamicTable from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives';
import type { BacklogItem } from '../../../../src/contract';
import { StatusCategoryLozenge } from './lozenges';

const ROWS_PER_PAGE = 25;

const head: HeadType = {
  cells: [
    { key: 'rank', content: 'Rank', width: 7 },
    { key: 'key', content: 'Key', width: 11 },
    { key: 'summary', content: 'Summary', width: 48 },
    { key: 'type', content: 'Type', width: 11 },
    { key: 'status', content: 'Status', width: 13 },
    { key: 'points', content: 'Story points', width: 10 },
  ],
};

export function BacklogSection({ backlog }: { backlog: BacklogItem[] }) {
  return (
    <Box as="section" aria-labelledby="backlog-heading">
      <Stack space="space.150">
        <Stack space="space.050">
          <Heading as="h2" size="medium" id="backlog-heading">
            Backlog
          </Heading>
          {backlog.length > 0 && (
            <Text color="color.text.subtle">
              {backlog.length === 1 ? '1 issue' : `${backlog.length} issues`}, in Jira's rank order.
            </Text>
          )}
        </Stack>
        {backlog.length === 0 ? (
          <EmptyState
            testId="empty-backlog"
            headingLevel={3}
            header="The backlog is empty"
            description="Issues in the backlog show here in their rank order. Create issues in Jira to fill it."
          />
        ) : (
          <DynamicTable
            testId="backlog-table"
            label="Backlog in rank order"
            head={head}
            rows={backlog.map(toRow)}
            rowsPerPage={ROWS_PER_PAGE}
            defaultPage={1}
          />
        )}
      </Stack>
    </Box>
  );
}

function toRow(item: BacklogItem): RowType {
  return {
    key: item.key,
    testId: 'backlog-row',
    cells: [
      { key: 'rank', content: <Text color="color.text.subtle">{item.rank}</Text> },
      { key: 'key', content: <Text weight="medium">{item.key}</Text> },
      { key: 'summary', content: item.summary },
      { key: 'type', content: item.issueType },
      { key: 'status', content: <StatusCategoryLozenge statusCategory={item.statusCategory} /> },
      {
        key: 'points',
        content:
          item.storyPoints === undefined ? (
            <Text color="color.text.subtlest">–</Text>
          ) : (
            <Text>{item.storyPoints}</Text>
          ),
      },
    ],
  };
}
