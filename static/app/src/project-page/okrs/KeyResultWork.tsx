// A Key Result's linked work, compact: one line of counts that opens the list of issues (loaded from
// the server when it first opens, a page at a time), and Jira's search for all of it.
import Button from '@atlaskit/button/new';
import { Box, Inline, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import { useState } from 'react';
import type { KeyResultView, LinkedIssueItem } from '../../../../../src/contract';
import { call } from '../../shared/api';
import { Loading } from '../../shared/Loading';
import { StatusCategoryLozenge } from '../lozenges';
import { openKeyResultSearch } from '../../shared/findInJira';
import { IssueKeyLine, inlineLinkStyle } from '../IssueKeyLine';
import { ResolverErrorMessage } from '../ResolverErrorMessage';
import { usePagedList } from '../usePagedList';
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
  const total = keyResult.linkedIssues.total;
  const listId = `kr-work-${keyResult.id}`;

  if (total === 0) {
    return (
      <Text size="small" color="color.text.subtle" testId="key-result-work" data-linked-issues={0}>
        No linked work yet: link issues from their Outcomes panel.
      </Text>
    );
  }
  return (
    <Box testId="key-result-work" data-linked-issues={total}>
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
        {expanded && <LinkedIssues keyResult={keyResult} listId={listId} />}
      </Stack>
    </Box>
  );
}

/** The linked issues, asked for when the row opens (again after the Key Result changes, e.g. a refresh). */
function LinkedIssues({ keyResult, listId }: { keyResult: KeyResultView; listId: string }) {
  const list = usePagedList<LinkedIssueItem>(`${keyResult.id}:${keyResult.version}:${keyResult.linkedIssues.total}`, (cursor) =>
    call('getKeyResultIssues', { keyResultId: keyResult.id, ...(cursor ? { cursor } : {}) }).then((page) => ({
      items: page.issues,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    })),
  );
  if (list.loading === 'first') return <Loading label={`Loading the work linked to “${keyResult.title}”`} size="medium" />;
  return (
    <Stack space="space.050" xcss={issueList}>
      {list.items.length > 0 && (
        <Stack as="ul" space="space.050" xcss={bareList} id={listId} aria-label={`Work linked to “${keyResult.title}”`}>
          {list.items.map((issue) => (
            <Box as="li" key={issue.key} testId="key-result-issue" data-issue-key={issue.key}>
              <IssueKeyLine issue={issue} keyTestId="key-result-issue-key">
                <StatusCategoryLozenge statusCategory={issue.statusCategory} />
              </IssueKeyLine>
            </Box>
          ))}
        </Stack>
      )}
      {list.error && <ResolverErrorMessage error={list.error} what={`the work linked to “${keyResult.title}”`} onRetry={list.retry} />}
      {list.hasMore && !list.error && (
        <Box>
          <Button spacing="compact" testId="key-result-issues-more" isDisabled={list.loading === 'more'} onClick={list.showMore}>
            {list.loading === 'more' ? 'Loading…' : 'Show more'}
          </Button>
        </Box>
      )}
    </Stack>
  );
}
