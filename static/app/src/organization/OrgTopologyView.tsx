import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { card } from './styles';
import { useState } from 'react';
import type { OrganizationTopology, OrgMatrixCell, OrgServingWay } from '../../../../src/contract';
import { formatShare } from '../shared/format';

// The topology view, for a portfolio review: the organization's Objectives × its teams, each cell how
// much the team serves the Objective (the share of its running sprint's work serving it, or how it
// serves it when no sprint is known), and above it one sentence per problem. Loaded after the page's
// first paint. The server lists only teams the viewer may browse. Cells carry their figure in words:
// the shading only repeats it.

const WAY_SHORT: Record<OrgServingWay, string> = {
  dedicated: 'dedicated',
  nexus: 'in a Nexus',
  'key-result': 'holds a Key Result',
  'aligned-objective': 'aligned Objective',
};

const HEAT = [
  { from: 0.5, background: 'color.background.accent.blue.subtle', level: 'high' },
  { from: 0.25, background: 'color.background.accent.blue.subtler', level: 'medium' },
  { from: Number.MIN_VALUE, background: 'color.background.accent.blue.subtlest', level: 'low' },
] as const;

const scroller = xcss({ overflowX: 'auto' });
const cellBox = xcss({ paddingBlock: 'space.075', paddingInline: 'space.100', minWidth: '110px', borderRadius: 'radius.small', height: '100%' });
const headerBox = xcss({ paddingBlock: 'space.075', paddingInline: 'space.100' });
const list = xcss({ margin: 'space.0', paddingInlineStart: 'space.250' });
const table = { borderCollapse: 'separate', borderSpacing: '2px', textAlign: 'start' } as const;

/** How much the team serves the Objective, in words (what the cell shows and a screen reader reads). */
export function cellText(cell: OrgMatrixCell | undefined): { figure: string; detail: string } {
  if (!cell) return { figure: '—', detail: 'does not serve it' };
  const ways = cell.ways.map((way) => WAY_SHORT[way]).join(', ');
  if (cell.issues === null || cell.sprintIssues === null) return { figure: ways || '—', detail: 'no running sprint known' };
  const sprint = cell.share === null ? 'empty running sprint' : `${cell.issues} of ${cell.sprintIssues} sprint issues`;
  return { figure: cell.share === null ? '—' : formatShare(cell.share), detail: ways ? `${sprint}; ${ways}` : sprint };
}

function heatOf(cell: OrgMatrixCell | undefined) {
  return cell?.share ? HEAT.find((step) => (cell.share ?? 0) >= step.from) : undefined;
}

export function OrgTopologyView({ topology, titles }: { topology: OrganizationTopology; titles: ReadonlyMap<string, string> }) {
  const [open, setOpen] = useState(false);
  const { matrix } = topology;
  const names = new Map(topology.teams.map((team) => [team.projectKey, team.name]));
  const cells = new Map(matrix.cells.map((cell) => [`${cell.orgObjectiveId} ${cell.projectKey}`, cell]));
  return (
    <Box xcss={card} testId="topology-view">
      <Stack space="space.150">
        <Inline space="space.150" alignBlock="center" spread="space-between">
          <Heading size="small" as="h2">
            Topology
          </Heading>
          <Button spacing="compact" aria-expanded={open} aria-controls="topology-matrix" testId="topology-toggle" onClick={() => setOpen(!open)}>
            {open ? 'Hide the topology view' : 'Show the topology view'}
          </Button>
        </Inline>
        {open && (
          <Stack space="space.150" testId="topology-matrix" id="topology-matrix">
            {matrix.problems.length > 0 ? (
              <Box as="ul" xcss={list} testId="topology-problems">
                {matrix.problems.map((problem, i) => (
                  <Box as="li" key={`${problem.rule} ${problem.orgObjectiveId ?? problem.projectKey ?? i}`} testId="topology-problem" data-rule={problem.rule}>
                    <Text>{problem.sentence}</Text>
                  </Box>
                ))}
              </Box>
            ) : (
              <Text testId="topology-no-problems">No problem with the topology: every active Objective is served, and no team is flagged.</Text>
            )}
            {matrix.projectKeys.length === 0 ? (
              <Text color="color.text.subtle" testId="topology-no-teams">
                No team you may browse has OKRs in this cycle.
              </Text>
            ) : (
              <Box xcss={scroller}>
                <table style={table} data-testid="topology-table">
                  <caption style={{ textAlign: 'start' }}>
                    <Text size="small" color="color.text.subtle">
                      Each cell: the share of the team’s running sprint serving the Objective (through the Key Results its issues serve), or how the team serves it when no sprint is known.
                    </Text>
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        <Box xcss={headerBox}>
                          <Text weight="semibold">Objective</Text>
                        </Box>
                      </th>
                      {matrix.projectKeys.map((projectKey) => (
                        <th scope="col" key={projectKey} data-testid="topology-team" data-project-key={projectKey}>
                          <Box xcss={headerBox}>
                            <Text weight="semibold">{names.get(projectKey) ?? projectKey}</Text>
                          </Box>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {matrix.orgObjectiveIds.map((orgObjectiveId) => (
                      <tr key={orgObjectiveId} data-testid="topology-row" data-objective-title={titles.get(orgObjectiveId) ?? ''}>
                        <th scope="row">
                          <Box xcss={headerBox}>
                            <Text>{titles.get(orgObjectiveId) ?? 'Untitled'}</Text>
                          </Box>
                        </th>
                        {matrix.projectKeys.map((projectKey) => {
                          const cell = cells.get(`${orgObjectiveId} ${projectKey}`);
                          const text = cellText(cell);
                          const heat = heatOf(cell);
                          return (
                            <td key={projectKey} data-testid="topology-cell" data-project-key={projectKey} data-heat={heat?.level ?? 'none'}>
                              <Box xcss={cellBox} backgroundColor={heat?.background ?? 'color.background.neutral.subtle'}>
                                <Stack space="space.025">
                                  <Text weight={cell ? 'semibold' : 'regular'} color={cell ? 'color.text' : 'color.text.subtlest'}>
                                    {text.figure}
                                  </Text>
                                  <Text size="small" color={cell ? 'color.text.subtle' : 'color.text.subtlest'}>
                                    {text.detail}
                                  </Text>
                                </Stack>
                              </Box>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Box>
            )}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
