import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import type { ProjectOverviewData, Warning } from '../../../../src/contract';
import { formatDateRange } from '../shared/dates';
import { useExtensionKeys } from '../shared/forgeContext';
import { Loading } from '../shared/Loading';
import { useResolver } from '../shared/useResolver';
import { BacklogSection } from './BacklogSection';
import { CycleStateLozenge } from './lozenges';
import { NoBoard } from './NoBoard';
import { ResolverErrorMessage } from './ResolverErrorMessage';
import { SprintsSection } from './SprintsSection';

export function ProjectPage() {
  const { projectKey } = useExtensionKeys();
  const overview = useResolver('getProjectOverview', {});

  return (
    <Box as="main" padding="space.300">
      {overview.state === 'loading' && <Loading label="Loading the project's OKRs" />}
      {overview.state === 'error' && (
        <ResolverErrorMessage
          error={overview.error}
          what={projectKey ? `the OKRs of ${projectKey}` : "this project's OKRs"}
          onRetry={overview.reload}
        />
      )}
      {overview.state === 'ready' && <ProjectOverview overview={overview.data} />}
    </Box>
  );
}

function ProjectOverview({ overview }: { overview: ProjectOverviewData }) {
  const { project, cycle, board, sprints, backlog, warnings } = overview;
  return (
    <Stack space="space.400">
      <Box as="header" testId="project-header">
        <Stack space="space.100">
          <Heading as="h1" size="large">
            {project.name}
          </Heading>
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Text color="color.text.subtle">
              OKR cycle <Text weight="semibold">{cycle.name}</Text>
              {' · '}
              {formatDateRange(cycle.startDate, cycle.endDate) ?? 'dates not set'}
            </Text>
            <CycleStateLozenge state={cycle.state} />
          </Inline>
        </Stack>
      </Box>

      {warnings.length > 0 && <Warnings warnings={warnings} />}

      {board === null && backlog.length === 0 ? (
        <NoBoard projectName={project.name} headingLevel={2} />
      ) : (
        <>
          <SprintsSection board={board} cycle={cycle} sprints={sprints} projectName={project.name} />
          <BacklogSection backlog={backlog} />
        </>
      )}
    </Stack>
  );
}

function Warnings({ warnings }: { warnings: Warning[] }) {
  return (
    <Box testId="warnings">
      <SectionMessage appearance="warning" title={warnings.length === 1 ? 'Heads up' : `${warnings.length} things to check`}>
        {warnings.length === 1 ? (
          <Text as="p">{warnings[0]?.message}</Text>
        ) : (
          <Stack as="ul" space="space.050">
            {warnings.map((warning, index) => (
              <Box as="li" key={`${warning.code}-${index}`}>
                <Text>{warning.message}</Text>
              </Box>
            ))}
          </Stack>
        )}
      </SectionMessage>
    </Box>
  );
}
