// The running sprint's issues that serve no Key Result: what the Scrum Master asks about at the Daily
// Scrum or the next refinement.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useState } from 'react';
import type { ProjectOverviewData, SprintView } from '../../../../../src/contract';
import { formatShare } from '../../shared/format';
import { IssueKeyLine } from '../IssueKeyLine';
import { bareList } from '../okrs/styles';
import { issueCount } from './sprintText';

/** Rows shown before "Show all": enough to read at a glance. */
const FIRST_ROWS = 8;


const row = xcss({
  borderBlockStartWidth: 'border.width',
  borderBlockStartStyle: 'solid',
  borderBlockStartColor: 'color.border',
  paddingBlock: 'space.075',
});

interface Props {
  unaligned: NonNullable<ProjectOverviewData['unaligned']>;
  sprint: SprintView | undefined;
}

/** "4 of 12 issues in GYM Sprint 8"; the share when the sprint's size is not known. */
export function unalignedCount(unaligned: Props['unaligned'], sprint: SprintView | undefined): string {
  const { count } = unaligned;
  const where = sprint ? ` in ${sprint.name}` : ' in the running sprint';
  if (sprint && sprint.issueCount > 0) return `${count} of ${issueCount(sprint.issueCount)}${where}`;
  return `${issueCount(count)}${where} (${formatShare(unaligned.share)})`;
}

export function UnalignedSection({ unaligned, sprint }: Props) {
  const [showAll, setShowAll] = useState(false);
  const { issues } = unaligned;
  const shown = showAll ? issues : issues.slice(0, FIRST_ROWS);
  const sprintName = sprint?.name ?? 'the running sprint';

  return (
    <Box as="section" aria-labelledby="unaligned-heading" testId="unaligned" data-count={issues.length}>
      <Stack space="space.100">
        <Stack space="space.050">
          <Heading as="h2" size="small" id="unaligned-heading">
            Not serving any Key Result
          </Heading>
          {unaligned.count > 0 && (
            <Text color="color.text.subtle" testId="unaligned-count">
              {unalignedCount(unaligned, sprint)}. Link each to the Key Result it serves from its Outcomes panel, or ask
              whether it belongs in the sprint.
            </Text>
          )}
          {unaligned.count > issues.length && (
            <Text color="color.text.subtle" size="small" testId="unaligned-more">
              {issues.length === 0 ? 'None of them is one you can open.' : `Listed: the first ${issues.length} in rank order that you can open.`}
            </Text>
          )}
        </Stack>
        {unaligned.count === 0 ? (
          <Text as="p" color="color.text.subtle" testId="unaligned-empty">
            Everything in {sprintName} serves a Key Result, directly or through its parent. Link new work as it joins the sprint.
          </Text>
        ) : issues.length === 0 ? null : (
          <Stack space="space.050">
            <Stack as="ul" xcss={bareList} space="space.0" aria-label={`Issues in ${sprintName} that serve no Key Result`}>
              {shown.map((issue) => (
                <Box as="li" key={issue.key} xcss={row} testId="unaligned-issue" data-issue-key={issue.key}>
                  <IssueKeyLine issue={issue} />
                </Box>
              ))}
            </Stack>
            {issues.length > FIRST_ROWS && (
              <Inline>
                <Button appearance="subtle" spacing="compact" testId="unaligned-show-all" aria-expanded={showAll} onClick={() => setShowAll((all) => !all)}>
                  {showAll ? 'Show fewer' : `Show all ${issues.length}`}
                </Button>
              </Inline>
            )}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
