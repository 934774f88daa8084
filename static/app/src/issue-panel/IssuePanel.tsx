// The issue panel loads on every issue, so its bundle stays small: primitives, heading and spinner
// only; no tables, no select, modal, empty-state, lozenge or section-message packages.
import Heading from '@atlaskit/heading';
import { Box, Inline, Pressable, Stack, Text } from '@atlaskit/primitives';
import { useState, type ReactNode } from 'react';
import type { IssuePanelData, IssueSummary } from '../../../../src/contract';
import { usePageContext } from '../shared/forgeContext';
import { Loading } from '../shared/Loading';
import { useResolver } from '../shared/useResolver';
import { KeyResultPicker } from './KeyResultPicker';
import { LinkedKeyResult } from './LinkedKeyResult';
import { ActionProblem, Warnings } from './Notices';
import { PanelErrorMessage } from './PanelErrorMessage';
import { StatusLozenge } from './StatusLozenge';
import { bareList, linkAction, rounded } from './styles';
import { useLinkActions, type LinkAction, type LinkProblem, type LinkSource, type Unlinked } from './useLinkActions';

export function IssuePanel() {
  const { issueKey } = usePageContext();
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
      {panel.state === 'ready' && <IssueKeyResults loaded={panel.data} onReload={panel.reload} />}
    </Box>
  );
}

function IssueKeyResults({ loaded, onReload }: { loaded: IssuePanelData; onReload: () => void }) {
  const actions = useLinkActions(loaded);
  const { panel, pending, problem, unlinked } = actions;
  const issueKey = panel.issue.key;
  const [pickerOpen, setPickerOpen] = useState(false);

  /** Runs the change; a link made from the picker (at once or on retry) closes it. */
  const run = (action: LinkAction) => {
    void actions.run(action).then((done) => {
      if (done && action.source === 'picker') setPickerOpen(false);
    });
  };

  /** The failure of a change asked for at `source` (and for this Key Result), shown right there. */
  const problemAt = (source: LinkSource, keyResultId?: string) =>
    problem && problem.action.source === source && (keyResultId === undefined || problem.action.keyResultId === keyResultId) ? (
      <ActionProblem
        title={problemTitle(problem, issueKey)}
        error={problem.error}
        next={nextStep(problem, () => run(problem.action), onReload)}
        onDismiss={actions.dismissProblem}
      />
    ) : null;

  return (
    <Stack space="space.200">
      <IssueHeader issue={panel.issue} />
      <Warnings warnings={panel.warnings} />
      {panel.links.length === 0 ? (
        <NoLinks canLink={panel.canLink} cycleName={panel.cycle.name} />
      ) : (
        <Box as="section" aria-labelledby="key-results-heading">
          <Stack space="space.100">
            <Heading as="h2" size="xsmall" id="key-results-heading">
              {panel.links.length === 1 ? 'Serves 1 Key Result' : `Serves ${panel.links.length} Key Results`}
            </Heading>
            <Stack as="ul" space="space.100" xcss={bareList}>
              {panel.links.map((link) => (
                <LinkedKeyResult
                  key={`${link.keyResultId}-${link.via}-${link.fromIssueKey ?? ''}`}
                  link={link}
                  issueKey={issueKey}
                  canUnlink={panel.canLink}
                  unlinking={pending?.kind === 'unlink' && pending.keyResultId === link.keyResultId}
                  busy={pending !== null}
                  problem={problemAt('list', link.keyResultId)}
                  onUnlink={() => run({ kind: 'unlink', keyResultId: link.keyResultId, keyResultTitle: link.keyResult.title, source: 'list' })}
                />
              ))}
            </Stack>
          </Stack>
        </Box>
      )}
      {unlinked && (
        <UnlinkedNotice
          unlinked={unlinked}
          undoing={pending?.source === 'undo'}
          busy={pending !== null}
          onUndo={actions.undo}
          onDismiss={actions.dismissUnlinked}
          problem={problemAt('undo')}
        />
      )}
      {panel.canLink ? (
        <KeyResultPicker
          open={pickerOpen}
          onOpen={() => setPickerOpen(true)}
          onCancel={() => {
            setPickerOpen(false);
            if (problem?.action.source === 'picker') actions.dismissProblem();
          }}
          cycleName={panel.cycle.name}
          links={panel.links}
          pending={pending}
          problem={problemAt('picker')}
          onPick={({ keyResult }) => run({ kind: 'link', keyResultId: keyResult.id, keyResultTitle: keyResult.title, source: 'picker' })}
        />
      ) : (
        <Text as="p" size="small" color="color.text.subtle" testId="link-readonly-note">
          You need the Edit issues permission on {issueKey} to change what it serves.
        </Text>
      )}
    </Stack>
  );
}

function problemTitle({ action }: LinkProblem, issueKey: string): string {
  return action.kind === 'unlink'
    ? `Couldn't unlink ${issueKey} from “${action.keyResultTitle}”`
    : `Couldn't link ${issueKey} to “${action.keyResultTitle}”`;
}

/** What helps after a failure: again for a passing outage, a fresh look when the facts changed, else nothing. */
function nextStep({ error }: LinkProblem, retry: () => void, reload: () => void): { label: string; onClick: () => void } | undefined {
  switch (error.code) {
    case 'JIRA':
    case 'UNAVAILABLE':
    case 'UNREACHABLE':
      return { label: 'Try again', onClick: retry };
    case 'FORBIDDEN':
      return { label: 'Check again', onClick: reload };
    case 'NOT_FOUND':
    case 'CONFLICT':
      return { label: 'Refresh', onClick: reload };
    default:
      return undefined;
  }
}

/** A sprint's state as the panel says it: the one it is in now, the one it waits in, or the last it was in. */
const SPRINT_WORDS: Record<NonNullable<IssueSummary['sprint']>['state'], string> = { active: 'running', future: 'planned', closed: 'closed' };

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
        {issue.sprint && (
          <Text size="small" color="color.text.subtle" testId="issue-sprint" data-sprint-state={issue.sprint.state}>
            Sprint: {issue.sprint.name} ({SPRINT_WORDS[issue.sprint.state]})
          </Text>
        )}
      </Stack>
    </Box>
  );
}

function NoLinks({ canLink, cycleName }: { canLink: boolean; cycleName: string }) {
  return (
    <Box testId="links-empty" padding="space.200" backgroundColor="color.background.neutral.subtle" xcss={rounded}>
      <Stack space="space.050">
        <Heading as="h2" size="xsmall">
          Not linked to a Key Result yet
        </Heading>
        <Text as="p" color="color.text.subtle">
          Link this issue to the Key Result it serves, so the team sees which outcome the work moves, and the Key Result shows
          the work behind it.
          {canLink ? ` Pick one of the Key Results of ${cycleName}.` : ''}
        </Text>
      </Stack>
    </Box>
  );
}

interface UnlinkedNoticeProps {
  unlinked: Unlinked;
  undoing: boolean;
  busy: boolean;
  onUndo: () => void;
  onDismiss: () => void;
  problem: ReactNode;
}

function UnlinkedNotice({ unlinked, undoing, busy, onUndo, onDismiss, problem }: UnlinkedNoticeProps) {
  return (
    <Box testId="unlinked-notice" role="status" padding="space.100" backgroundColor="color.background.neutral" xcss={rounded}>
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
          <Text>Unlinked from “{unlinked.keyResultTitle}”</Text>
          <Inline space="space.150" alignBlock="center">
            <Pressable xcss={linkAction} testId="undo-unlink" isDisabled={busy} aria-busy={undoing} onClick={onUndo}>
              {undoing ? 'Linking again…' : 'Undo'}
            </Pressable>
            <Pressable xcss={linkAction} isDisabled={busy} onClick={onDismiss} aria-label="Dismiss">
              ✕
            </Pressable>
          </Inline>
        </Inline>
        {problem}
      </Stack>
    </Box>
  );
}
