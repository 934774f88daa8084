// The issue panel loads on every issue, so its bundle stays small: primitives, heading and spinner
// only; no tables, no empty-state, lozenge or section-message packages.
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import type { IssueLink, IssuePanelData, IssueSummary } from '../../../../src/contract';
import { useExtensionKeys } from '../shared/forgeContext';
import { Loading } from '../shared/Loading';
import { useResolver } from '../shared/useResolver';
import { PanelErrorMessage } from './PanelErrorMessage';
import { StatusLozenge } from './StatusLozenge';

export function IssuePanel() {
  const { issueKey } = useExtensionKeys();
  const panel = useResolver('getIssuePanel', {});

  return (
    <Box as="main" paddingBlock="space.100">
      {panel.state === 'loading' && <Loading size="medium" label="Loading the Key Results of this issue" />}
      {panel.state === 'error' && (
        <PanelErrorMessage
          error={panel.error}
          what={issueKey ? `the Key Results of ${issueKey}` : 'the Key Results of this issue'}
          onRetry={panel.reload}
        />
      )}
      {panel.state === 'ready' && <IssueKeyResults panel={panel.data} />}
    </Box>
  );
}

function IssueKeyResults({ panel }: { panel: IssuePanelData }) {
  return (
    <Stack space="space.200">
      <IssueHeader issue={panel.issue} />
      {panel.links.length === 0 ? <NoLinks cycleName={panel.cycle.name} /> : <LinkList links={panel.links} />}
    </Stack>
  );
}

function IssueHeader({ issue }: { issue: IssueSummary }) {
  return (
    <Box as="header" testId="issue-header">
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text weight="bold" testId="issue-key">
            {issue.key}
          </Text>
          <Text color="color.text.subtle">{issue.issueType}</Text>
          <StatusLozenge statusCategory={issue.statusCategory} />
        </Inline>
        <Text testId="issue-summary">{issue.summary}</Text>
        {issue.parentKey && (
          <Text size="small" color="color.text.subtle" testId="issue-parent">
            Parent: {issue.parentKey}
          </Text>
        )}
      </Stack>
    </Box>
  );
}

function NoLinks({ cycleName }: { cycleName: string }) {
  return (
    <Box testId="no-links" padding="space.200" backgroundColor="color.background.neutral.subtle">
      <Stack space="space.050">
        <Heading as="h2" size="xsmall">
          No Key Results linked yet
        </Heading>
        <Text as="p" color="color.text.subtle">
          Link this issue to a Key Result of {cycleName} to show which outcome it serves.
        </Text>
      </Stack>
    </Box>
  );
}

function LinkList({ links }: { links: IssueLink[] }) {
  return (
    <Box as="section" aria-labelledby="key-results-heading">
      <Stack space="space.100">
        <Heading as="h2" size="xsmall" id="key-results-heading">
          {links.length === 1 ? 'Serves 1 Key Result' : `Serves ${links.length} Key Results`}
        </Heading>
        <Stack space="space.100" role="list">
          {links.map((link) => (
            <Box role="listitem" key={`${link.keyResultId}-${link.via}-${link.fromIssueKey ?? ''}`} testId="key-result-link">
              <Stack space="space.025">
                <Text weight="medium">{link.keyResult.title}</Text>
                <Text size="small" color="color.text.subtle">
                  {link.objective.title} · progress {Math.round(link.keyResult.progress * 100)}%
                  {link.via === 'parent' && link.fromIssueKey ? ` · through ${link.fromIssueKey}` : ''}
                </Text>
              </Stack>
            </Box>
          ))}
        </Stack>
      </Stack>
    </Box>
  );
}
