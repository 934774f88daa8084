// The issues of the sprint in focus that serve no Key Result: in the running sprint, what the Scrum
// Master asks about at the Daily Scrum; in the next planned one, what Sprint Planning links (several
// at once) or questions.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { lazy, Suspense, useState } from 'react';
import type { ObjectiveView, ProjectOverviewData, SprintView } from '../../../../../src/contract';
import { formatShare } from '../../shared/format';
import { Loading } from '../../shared/Loading';
import { IssueKeyLine } from '../IssueKeyLine';
import { bareList } from '../okrs/styles';
import { SelectBox } from '../planning/SelectBox';
import { useSelection } from '../planning/useSelection';
import { issueCount } from './sprintText';

// Loads once someone picks an issue to link: most visits only read.
const BulkLinkBar = lazy(() => import('../planning/BulkLinkBar').then((module) => ({ default: module.BulkLinkBar })));

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
  /** Whether the viewer may link work (Edit issues on the project): then issues can be picked and linked at once. */
  canLink: boolean;
  objectives: ObjectiveView[];
  onLinked: () => void;
}

/** "4 of 12 issues in GYM Sprint 8"; the share when the sprint's size is not known. */
export function unalignedCount(unaligned: Props['unaligned'], sprint: SprintView | undefined): string {
  const { count } = unaligned;
  const where = sprint ? ` in ${sprint.name}${sprint.state === 'future' ? ' (planned)' : ''}` : ' in the running sprint';
  if (sprint && sprint.issueCount > 0) return `${count} of ${issueCount(sprint.issueCount)}${where}`;
  return `${issueCount(count)}${where} (${formatShare(unaligned.share)})`;
}

export function UnalignedSection({ unaligned, sprint, canLink, objectives, onLinked }: Props) {
  const [showAll, setShowAll] = useState(false);
  const selection = useSelection();
  const { issues } = unaligned;
  const shown = showAll ? issues : issues.slice(0, FIRST_ROWS);
  const sprintName = sprint?.name ?? 'the running sprint';
  const allKeys = issues.map((issue) => issue.key);
  const picked = allKeys.filter(selection.has).length;

  return (
    <Box as="section" aria-labelledby="unaligned-heading" testId="unaligned" data-count={issues.length}>
      <Stack space="space.100">
        <Stack space="space.050">
          <Heading as="h2" size="small" id="unaligned-heading">
            Not serving any Key Result
          </Heading>
          {unaligned.count > 0 && (
            <Text color="color.text.subtle" testId="unaligned-count">
              {unalignedCount(unaligned, sprint)}.{' '}
              {canLink
                ? 'Pick the issues that serve the same Key Result and link them at once, or ask whether they belong in the sprint.'
                : 'Link each to the Key Result it serves from its Outcomes panel, or ask whether it belongs in the sprint.'}
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
            {canLink && (
              <Inline space="space.100" alignBlock="center">
                <SelectBox
                  checked={picked > 0 && picked === allKeys.length}
                  mixed={picked > 0 && picked < allKeys.length}
                  label={`Select all ${issueCount(allKeys.length)} of ${sprintName} that serve no Key Result`}
                  onChange={(on) => selection.setMany(allKeys, on)}
                  testId="unaligned-select-all"
                />
                <Text size="small" color="color.text.subtle">
                  Select all
                </Text>
              </Inline>
            )}
            {canLink && selection.keys.length > 0 && (
              <Suspense fallback={<Loading label="Loading the Key Results to link to" size="medium" />}>
                <BulkLinkBar selection={selection} objectives={objectives} where={sprintName} onChanged={onLinked} testId="unaligned-bulk" />
              </Suspense>
            )}
            <Stack as="ul" xcss={bareList} space="space.0" aria-label={`Issues in ${sprintName} that serve no Key Result`}>
              {shown.map((issue) => (
                <Box as="li" key={issue.key} xcss={row} testId="unaligned-issue" data-issue-key={issue.key}>
                  <Inline space="space.100" alignBlock="center">
                    {canLink && (
                      <SelectBox checked={selection.has(issue.key)} label={`Select ${issue.key}: ${issue.summary}`} onChange={(on) => selection.toggle(issue.key, on)} testId="unaligned-select" />
                    )}
                    <IssueKeyLine issue={issue} />
                  </Inline>
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
