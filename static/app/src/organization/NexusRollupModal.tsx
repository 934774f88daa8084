import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { bareList } from './styles';
import type { NexusRollup, NexusSprint } from '../../../../src/contract';
import { ResolverErrorMessage } from '../project-page/ResolverErrorMessage';
import { formatDateRange, formatShare, KEY_RESULT_STATUS_LOOK } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useResolver } from '../shared/useResolver';

const columns = xcss({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 'space.200' });
const card = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.large',
  backgroundColor: 'elevation.surface',
  padding: 'space.150',
});
const percent = (share: number) => `${Math.round(share * 100)}%`;

const SPRINT_STATE: Record<NexusSprint['state'], { label: string; appearance: 'default' | 'inprogress' | 'new' }> = {
  closed: { label: 'closed', appearance: 'default' },
  active: { label: 'running', appearance: 'inprogress' },
  future: { label: 'planned', appearance: 'new' },
};

/** One Nexus's rollup: the organization Objective it serves, its teams' Key Results, and their sprints side by side. */
export function NexusRollupModal({ id, onClose }: { id: string; onClose: () => void }) {
  const rollup = useResolver('getNexus', { id });
  return (
    <ModalDialog onClose={onClose} width="x-large" testId="nexus-rollup">
      <ModalHeader hasCloseButton>
        <ModalTitle>{rollup.data ? rollup.data.nexus.name : 'Nexus'}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        {rollup.state === 'loading' && !rollup.data ? (
          <Loading label="Loading the Nexus" />
        ) : rollup.state === 'error' ? (
          <ResolverErrorMessage error={rollup.error} what="the Nexus" onRetry={rollup.reload} />
        ) : rollup.data ? (
          <Rollup data={rollup.data} />
        ) : null}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" testId="nexus-rollup-close" onClick={onClose}>
          Close
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}

function Rollup({ data }: { data: NexusRollup }) {
  return (
    <Stack space="space.300">
      <Stack space="space.075">
        <Text weight="semibold">Product Goal</Text>
        <Text testId="nexus-rollup-goal">{data.nexus.productGoal.text}</Text>
        <Text size="small" color="color.text.subtle">{`${data.cycle.name} · ${data.teams.length} team${data.teams.length === 1 ? '' : 's'} you can see`}</Text>
      </Stack>
      <Stack space="space.100" testId="nexus-rollup-serves">
        <Heading size="xsmall" as="h3">
          Organization Objective it serves
        </Heading>
        {data.serves ? (
          <>
            <Text weight="medium">{data.serves.title}</Text>
            <Box as="ul" xcss={bareList}>
              {data.serves.keyResults.map((keyResult) => (
                <Box as="li" key={keyResult.id}>
                  <Inline space="space.100" alignBlock="center">
                    <Text size="small">{keyResult.title}</Text>
                    <Text size="small" color="color.text.subtle">{percent(keyResult.progress)}</Text>
                    <Lozenge appearance={KEY_RESULT_STATUS_LOOK[keyResult.status].appearance}>{KEY_RESULT_STATUS_LOOK[keyResult.status].label}</Lozenge>
                  </Inline>
                </Box>
              ))}
            </Box>
          </>
        ) : (
          <Text size="small" color="color.text.subtle">Its Product Goal serves no organization Objective.</Text>
        )}
      </Stack>
      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          Teams side by side
        </Heading>
        <Box xcss={columns} testId="nexus-rollup-teams">
          {data.teams.map((team) => (
            <Box key={team.projectKey} xcss={card} testId="nexus-team" data-project-key={team.projectKey}>
              <Stack space="space.100">
                <Heading size="xxsmall" as="h4">
                  {`${team.name} (${team.projectKey})`}
                </Heading>
                <Text size="small" testId="nexus-team-aligned">
                  {team.runningAlignedShare === null
                    ? team.sprints.some((sprint) => sprint.state === 'active')
                      ? 'Running sprint: its aligned share is being gathered.'
                      : 'No running sprint.'
                    : `Running sprint: ${formatShare(team.runningAlignedShare)} of its work serves a Key Result.`}
                </Text>
                <Text size="small" weight="semibold">
                  Sprints
                </Text>
                {team.sprintsUnavailable ? (
                  <Text size="small" color="color.text.subtle">Its sprints could not be read from Jira just now.</Text>
                ) : team.sprints.length === 0 ? (
                  <Text size="small" color="color.text.subtle">No sprints (no Scrum board).</Text>
                ) : (
                  <Box as="ul" xcss={bareList}>
                    {team.sprints.map((sprint) => (
                      <Box as="li" key={sprint.id} testId="nexus-sprint" data-sprint-state={sprint.state}>
                        <Inline space="space.075" alignBlock="center" shouldWrap>
                          <Text size="small">{sprint.name}</Text>
                          <Lozenge appearance={SPRINT_STATE[sprint.state].appearance}>{SPRINT_STATE[sprint.state].label}</Lozenge>
                          <Text size="small" color="color.text.subtle">{formatDateRange(sprint.startDate ?? undefined, sprint.endDate ?? undefined) ?? ''}</Text>
                        </Inline>
                      </Box>
                    ))}
                  </Box>
                )}
                <Text size="small" weight="semibold">
                  Key Results
                </Text>
                {team.keyResults.length === 0 ? (
                  <Text size="small" color="color.text.subtle">{`No Key Results in ${data.cycle.name}.`}</Text>
                ) : (
                  <Box as="ul" xcss={bareList}>
                    {team.keyResults.map((keyResult) => (
                      <Box as="li" key={keyResult.id} testId="nexus-key-result">
                        <Stack space="space.025">
                          <Text size="small">{keyResult.title}</Text>
                          <Inline space="space.075" alignBlock="center">
                            <Text size="small" color="color.text.subtle">{`${percent(keyResult.progress)} · ${keyResult.objectiveTitle}`}</Text>
                            <Lozenge appearance={KEY_RESULT_STATUS_LOOK[keyResult.status].appearance}>{KEY_RESULT_STATUS_LOOK[keyResult.status].label}</Lozenge>
                          </Inline>
                        </Stack>
                      </Box>
                    ))}
                  </Box>
                )}
              </Stack>
            </Box>
          ))}
        </Box>
      </Stack>
    </Stack>
  );
}
