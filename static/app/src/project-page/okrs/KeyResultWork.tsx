// A Key Result's linked work, compact: one line of counts that opens the list of issues, and Jira's
// search for all of it.
import Button from '@atlaskit/button/new';
import { Box, Inline, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import { useState } from 'react';
import type { KeyResultView } from '../../../../../src/contract';
import { StatusCategoryLozenge } from '../lozenges';
import { openKeyResultSearch } from '../../shared/findInJira';
import { IssueKeyLine, inlineLinkStyle } from '../IssueKeyLine';
import { bareList } from './styles';


const issueList = xcss({ paddingInlineStart: 'space.300' });

/** "3 linked issues: 1 to do · 1 in progress · 1 done"; categories with none are left out. */
export function linkedWorkLine({ total, todo, inProgress, done }: KeyResultView['linkedIssues']): string {
  const parts = [
    todo > 0 ? `${todo} to do` : null,
    inProgress > 0 ? `${inProgress} in progress` : null,
    done > 0 ? `${done} done` : null,
  ].filter(Boolean);
  return `${total} linked ${total === 1 ? 'issue' : 'issues'}: ${parts.join(' · ')}`;
}

export function KeyResultWork({ keyResult }: { keyResult: KeyResultView }) {
  const [expanded, setExpanded] = useState(false);
  const issues = keyResult.issues;
  if (!issues) return null;
  const listId = `kr-work-${keyResult.id}`;

  if (issues.length === 0) {
    return (
      <Text size="small" color="color.text.subtle" testId="key-result-work" data-linked-issues={0}>
        No linked work yet: link issues from their Outcomes panel.
      </Text>
    );
  }
  return (
    <Box testId="key-result-work" data-linked-issues={issues.length}>
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Button
            appearance="subtle"
            spacing="compact"
            testId="key-result-issues-toggle"
            aria-expanded={expanded}
            aria-controls={listId}
            onClick={() => setExpanded((open) => !open)}
          >
            <span aria-hidden>{expanded ? '▾ ' : '▸ '}</span>
            {linkedWorkLine(keyResult.linkedIssues)}
          </Button>
          <Pressable
            xcss={inlineLinkStyle}
            testId="find-in-jira"
            aria-label={`Find all work for “${keyResult.title}” in Jira`}
            onClick={() => openKeyResultSearch(keyResult.id)}
          >
            <Text size="small" color="inherit" weight="medium">
              Find in Jira
            </Text>
          </Pressable>
        </Inline>
        {expanded && (
          <Stack as="ul" space="space.050" xcss={[bareList, issueList]} id={listId} aria-label={`Work linked to “${keyResult.title}”`}>
            {issues.map((issue) => (
              <Box as="li" key={issue.key} testId="key-result-issue" data-issue-key={issue.key}>
                <IssueKeyLine issue={issue} keyTestId="key-result-issue-key">
                  <StatusCategoryLozenge statusCategory={issue.statusCategory} />
                </IssueKeyLine>
              </Box>
            ))}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
