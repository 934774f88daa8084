// One Key Result the issue serves: its Objective, title, progress and status; where the link comes
// from; Jira's search for all its work; and, for a direct link the person may change, Unlink.
import { Box, Inline, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import type { ReactNode } from 'react';
import type { IssueLink } from '../../../../src/contract';
import { openIssue, openKeyResultSearch } from '../shared/findInJira';
import { formatShare } from '../shared/format';
import { ProgressBar } from '../shared/ProgressBar';
import { KeyResultStatusLabel } from './KeyResultStatusLabel';
import { linkAction, subtleButton } from './styles';

interface Props {
  link: IssueLink;
  /** The issue the panel is on: "GYM-20 serves this through GYM-7". */
  issueKey: string;
  canUnlink: boolean;
  unlinking: boolean;
  /** Another change is on its way: one at a time. */
  busy: boolean;
  onUnlink: () => void;
  /** A failed unlink of this link, shown under it. */
  problem: ReactNode;
}

const row = xcss({
  borderBlockStartWidth: 'border.width',
  borderBlockStartStyle: 'solid',
  borderBlockStartColor: 'color.border',
  paddingBlockStart: 'space.100',
});

const bar = xcss({ flexGrow: 1, minWidth: '80px', maxWidth: '320px' });

export function LinkedKeyResult({ link, issueKey, canUnlink, unlinking, busy, onUnlink, problem }: Props) {
  const { keyResult, objective } = link;
  const titleId = `linked-kr-${keyResult.id}`;
  const inherited = link.via === 'parent';

  return (
    <Box
      as="li"
      testId="issue-link"
      data-via={link.via}
      data-key-result-id={keyResult.id}
      data-key-result-title={keyResult.title}
      aria-labelledby={titleId}
      xcss={row}
    >
      <Stack space="space.075">
        <Stack space="space.025">
          <Text size="small" color="color.text.subtle" testId="issue-link-objective">
            {objective.title}
          </Text>
          <Inline space="space.100" alignBlock="start" spread="space-between">
            <Text weight="semibold" id={titleId}>
              {keyResult.title}
            </Text>
            <KeyResultStatusLabel status={keyResult.status} />
          </Inline>
        </Stack>

        <Inline space="space.100" alignBlock="center">
          <Box xcss={bar}>
            <ProgressBar
              progress={keyResult.progress}
              expectedProgress={keyResult.expectedProgress}
              status={keyResult.status}
              label={keyResult.title}
              size="small"
            />
          </Box>
          <Text size="small" weight="semibold" testId="issue-link-progress">
            {keyResult.status === 'not-measurable' ? '—' : formatShare(keyResult.progress)}
          </Text>
        </Inline>

        <Inline space="space.150" alignBlock="center" spread="space-between" shouldWrap>
          <Inline space="space.150" alignBlock="center" shouldWrap>
            {inherited && link.fromIssueKey && (
              <Inline as="span" space="space.050" alignBlock="center" testId="link-through">
                <Text size="small" color="color.text.subtle">
                  {'through '}
                </Text>
                <Pressable
                  xcss={linkAction}
                  onClick={(event) => {
                    if (link.fromIssueKey) openIssue(link.fromIssueKey, event.metaKey || event.ctrlKey);
                  }}
                  aria-label={`through ${link.fromIssueKey}: ${issueKey} serves this Key Result because ${link.fromIssueKey} does; change it there`}
                  title={`${issueKey} serves this Key Result because ${link.fromIssueKey} is linked to it. Change it on ${link.fromIssueKey}.`}
                >
                  <Text size="small" color="inherit" weight="medium">
                    {link.fromIssueKey}
                  </Text>
                </Pressable>
              </Inline>
            )}
            <Pressable
              xcss={linkAction}
              testId="find-in-jira"
              onClick={() => openKeyResultSearch(keyResult.id)}
              aria-label={`Find all work for “${keyResult.title}” in Jira`}
            >
              <Text size="small" color="inherit" weight="medium">
                Find all work for “{keyResult.title}” in Jira
              </Text>
            </Pressable>
          </Inline>
          {canUnlink && !inherited && (
            <Pressable
              xcss={subtleButton}
              testId="unlink"
              isDisabled={busy}
              aria-busy={unlinking}
              aria-label={`Unlink ${issueKey} from “${keyResult.title}”`}
              onClick={onUnlink}
            >
              <Text size="small" color="inherit" weight="medium">
                {unlinking ? 'Unlinking…' : 'Unlink'}
              </Text>
            </Pressable>
          )}
        </Inline>
        {problem}
      </Stack>
    </Box>
  );
}
