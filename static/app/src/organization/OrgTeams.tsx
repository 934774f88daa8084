import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { bareList, card } from './styles';
import type { ObjectiveStatus, OrganizationTopology, OrgFlagRule, OrgServingWay, OrgTeamView } from '../../../../src/contract';
import { formatShare, OBJECTIVE_STATUS_LOOK, type OkrLozengeAppearance } from '../shared/format';
import type { TopologyFilter } from './filters';

// The organization's teams on its page: who serves each Objective and how, each team's standing, and
// the flags with the rule behind each. The server lists only teams the viewer may browse.

type Flag = OrganizationTopology['flags'][number];

export const FLAG_LOOK: Record<OrgFlagRule, { label: string; appearance: OkrLozengeAppearance }> = {
  unserved: { label: 'No team serves it', appearance: 'removed' },
  spread: { label: 'Spread, no dedicated team', appearance: 'moved' },
  'over-limit': { label: 'Over OKR-in-process limit', appearance: 'removed' },
  'sprint-unaligned': { label: 'Sprint mostly unaligned', appearance: 'moved' },
  'objectives-unaligned': { label: 'Objectives aligned to nothing', appearance: 'moved' },
};

const WAY_LABEL: Record<OrgServingWay, string> = {
  dedicated: 'dedicated team',
  nexus: 'in a Nexus serving it',
  'key-result': 'holds one of its Key Results',
  'aligned-objective': 'aligned Objective',
};


const STATUSES: ObjectiveStatus[] = ['active', 'draft', 'done', 'dropped'];

export function TopologyFilters({ teams, nexuses, filter, onChange }: { teams: readonly OrgTeamView[]; nexuses: ReadonlyArray<{ id: string; name: string }>; filter: TopologyFilter; onChange: (filter: TopologyFilter) => void }) {
  return (
    <Stack space="space.100" testId="topology-filters">
      <Inline space="space.075" alignBlock="center" shouldWrap>
        <Text size="small" weight="semibold" id="team-filter-label">
          Team
        </Text>
        <Button spacing="compact" isSelected={filter.projectKey === null} testId="team-filter-all" onClick={() => onChange({ ...filter, projectKey: null })}>
          All teams
        </Button>
        {teams.map((team) => (
          <Button key={team.projectKey} spacing="compact" isSelected={filter.projectKey === team.projectKey} testId="team-filter" onClick={() => onChange({ ...filter, projectKey: team.projectKey })}>
            {team.name}
          </Button>
        ))}
      </Inline>
      {nexuses.length > 0 && (
        <Inline space="space.075" alignBlock="center" shouldWrap>
          <Text size="small" weight="semibold">
            Team of teams
          </Text>
          <Button spacing="compact" isSelected={filter.nexusId === null} testId="group-filter-all" onClick={() => onChange({ ...filter, nexusId: null })}>
            All
          </Button>
          {nexuses.map((nexus) => (
            <Button key={nexus.id} spacing="compact" isSelected={filter.nexusId === nexus.id} testId="group-filter" onClick={() => onChange({ ...filter, nexusId: nexus.id })}>
              {nexus.name}
            </Button>
          ))}
        </Inline>
      )}
      <Inline space="space.075" alignBlock="center" shouldWrap>
        <Text size="small" weight="semibold">
          Status
        </Text>
        <Button spacing="compact" isSelected={filter.status === null} testId="status-filter-all" onClick={() => onChange({ ...filter, status: null })}>
          All
        </Button>
        {STATUSES.map((status) => (
          <Button key={status} spacing="compact" isSelected={filter.status === status} testId={`status-filter-${status}`} onClick={() => onChange({ ...filter, status })}>
            {OBJECTIVE_STATUS_LOOK[status].label}
          </Button>
        ))}
      </Inline>
    </Stack>
  );
}

/** The Objectives the filter keeps: of its status, and (with a team chosen) those the team serves. */
export function FlagLozenge({ rule }: { rule: OrgFlagRule }) {
  const look = FLAG_LOOK[rule];
  return (
    <Lozenge appearance={look.appearance} testId="flag-lozenge">
      {look.label}
    </Lozenge>
  );
}

/** A flag with the rule behind it. */
function FlagLine({ flag, subject }: { flag: Flag; subject?: string }) {
  return (
    <Box as="li" testId="flag" data-flag-rule={flag.rule}>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <FlagLozenge rule={flag.rule} />
        {subject && <Text weight="semibold">{subject}</Text>}
        <Text size="small" color="color.text.subtle" testId="flag-rule">
          {flag.why}
        </Text>
      </Inline>
    </Box>
  );
}

/** Under an organization Objective: the teams serving it and how, and its flags. */
export function ServedBy({ objectiveId, topology }: { objectiveId: string; topology: OrganizationTopology }) {
  const serving = topology.serving[objectiveId] ?? [];
  const flags = topology.flags.filter((flag) => flag.orgObjectiveId === objectiveId);
  const nameOf = (projectKey: string) => topology.teams.find((team) => team.projectKey === projectKey)?.name ?? projectKey;
  return (
    <Stack space="space.075" testId="served-by">
      <Text size="small" weight="semibold">
        Teams serving it
      </Text>
      {serving.length === 0 ? (
        <Text size="small" color="color.text.subtle" testId="served-by-none">
          No team you can see serves it.
        </Text>
      ) : (
        <Box as="ul" xcss={bareList}>
          {serving.map((team) => (
            <Box as="li" key={team.projectKey} testId="serving-team" data-project-key={team.projectKey}>
              <Inline space="space.075" alignBlock="center" shouldWrap>
                <Text size="small" weight="medium">
                  {nameOf(team.projectKey)}
                </Text>
                {team.ways.map((way) => (
                  <Lozenge key={way} appearance={way === 'dedicated' ? 'success' : 'default'}>
                    {WAY_LABEL[way]}
                  </Lozenge>
                ))}
              </Inline>
            </Box>
          ))}
        </Box>
      )}
      {flags.length > 0 && (
        <Box as="ul" xcss={bareList}>
          {flags.map((flag) => (
            <FlagLine key={flag.rule} flag={flag} />
          ))}
        </Box>
      )}
    </Stack>
  );
}

/** Each team the viewer may see: its OKRs in process against its limit, its running sprint, and its flags. */
export function TeamsSection({ topology, titles, kept }: { topology: OrganizationTopology; titles: ReadonlyMap<string, string>; kept: (projectKey: string) => boolean }) {
  const teams = topology.teams.filter((team) => kept(team.projectKey));
  return (
    <Stack space="space.150" testId="teams">
      <Heading size="small" as="h2">
        Teams
      </Heading>
      {teams.length === 0 ? (
        <Text color="color.text.subtle" testId="no-teams">
          No team you can see has OKRs in this cycle or aligns to the organization’s.
        </Text>
      ) : (
        <Box as="ul" xcss={bareList}>
          <Stack space="space.150">
            {teams.map((team) => (
              <TeamCard key={team.projectKey} team={team} flags={topology.flags.filter((flag) => flag.projectKey === team.projectKey)} titles={titles} />
            ))}
          </Stack>
        </Box>
      )}
      {topology.moreTeams > 0 && <Text size="small" color="color.text.subtle" testId="more-teams">{`${topology.moreTeams} more teams are not listed here.`}</Text>}
      {topology.sprintsNotRead > 0 && (
        <Text size="small" color="color.text.subtle">{`The running sprints of ${topology.sprintsNotRead} more teams are not read here: open their project pages.`}</Text>
      )}
    </Stack>
  );
}

function TeamCard({ team, flags, titles }: { team: OrgTeamView; flags: Flag[]; titles: ReadonlyMap<string, string> }) {
  const over = team.okrsInProcess > team.okrLimit;
  const { sprint } = team;
  return (
    <Box as="li" xcss={card} testId="team" data-project-key={team.projectKey}>
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="xsmall" as="h3">
            {`${team.name} (${team.projectKey})`}
          </Heading>
          {team.dedicatedTo && <Lozenge appearance="success">dedicated team</Lozenge>}
        </Inline>
        <Text size="small" color={over ? 'color.text.danger' : 'color.text.subtle'} testId="team-limit">
          {`OKRs in process: ${team.okrsInProcess} of a limit of ${team.okrLimit}`}
        </Text>
        {team.dedicatedTo && <Text size="small" testId="team-dedicated">{`Dedicated to “${titles.get(team.dedicatedTo) ?? 'an Objective of another cycle'}”`}</Text>}
        <Text size="small" color="color.text.subtle" testId="team-sprint">
          {sprint
            ? `${sprint.name}: ${sprint.alignedShare === null ? 'its aligned share is being gathered' : `${formatShare(sprint.alignedShare)} of its work serves a Key Result`}${sprint.goal ? ` · Sprint Goal “${sprint.goal}”` : ''}`
            : 'No running sprint'}
        </Text>
        {sprint && (
          <Text size="small" color="color.text.subtle" testId="team-sprint-serves">
            {sprint.servesKeyResults.length === 0
              ? 'Its Sprint Goal is not tied to a Key Result.'
              : `Its Sprint Goal serves ${sprint.servesKeyResults.map((keyResult) => `“${keyResult.title}”`).join(', ')}${
                  sprint.servesOrgObjectiveIds.length > 0 ? `, for ${sprint.servesOrgObjectiveIds.map((id) => `“${titles.get(id) ?? 'an organization Objective'}”`).join(', ')}` : ''
                }.`}
          </Text>
        )}
        {flags.length > 0 && (
          <Box as="ul" xcss={bareList}>
            {flags.map((flag) => (
              <FlagLine key={flag.rule} flag={flag} />
            ))}
          </Box>
        )}
      </Stack>
    </Box>
  );
}
