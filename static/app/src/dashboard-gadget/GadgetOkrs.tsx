// The gadget's view: each agreed Objective of the configured project and cycle with its progress,
// health and grade, and under it each Key Result with its progress, status, forecast and grade, and
// the nudge when nobody has checked in on it for longer than the project allows.
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import type { GadgetData, GadgetKeyResult, GadgetObjective } from '../../../../src/contract';
import { ResolverErrorMessage } from '../project-page/ResolverErrorMessage';
import { formatMetric, formatShare, formatValue, KEY_RESULT_STATUS_LOOK, OBJECTIVE_STATUS_LOOK } from '../shared/format';
import { Loading } from '../shared/Loading';
import { ProgressBar } from '../shared/ProgressBar';
import { CYCLE_STATE_LOOK } from '../shared/statusAppearance';
import { useResolver } from '../shared/useResolver';
import type { GadgetConfiguration } from './gadgetContext';

const objectiveStyles = xcss({
  borderBlockEndWidth: 'border.width',
  borderBlockEndStyle: 'solid',
  borderBlockEndColor: 'color.border',
  paddingBlock: 'space.100',
});
const listStyles = xcss({ listStyle: 'none', margin: 'space.0', padding: 'space.0' });

export function GadgetOkrs({ configuration }: { configuration: GadgetConfiguration }) {
  if (!configuration.projectKey) {
    return (
      <Box testId="gadget-unconfigured">
        <EmptyState
          headingLevel={2}
          header="Choose a project"
          description="This gadget shows one project's Objectives and Key Results. Edit the gadget to choose the project and, if you like, the cycle."
          width="narrow"
        />
      </Box>
    );
  }
  return <ConfiguredOkrs projectKey={configuration.projectKey} cycleId={configuration.cycleId} />;
}

function ConfiguredOkrs({ projectKey, cycleId }: { projectKey: string; cycleId: string | undefined }) {
  const okrs = useResolver('getGadgetOkrs', { projectKey, ...(cycleId ? { cycleId } : {}) });
  if (okrs.state === 'loading') return <Loading size="medium" label={`Loading the OKRs of ${projectKey}`} />;
  if (okrs.state === 'error') return <ResolverErrorMessage error={okrs.error} what={`the OKRs of ${projectKey}`} onRetry={okrs.reload} />;
  return <OkrList data={okrs.data} />;
}

function OkrList({ data }: { data: GadgetData }) {
  const { project, cycle, objectives, moreObjectives } = data;
  return (
    <Box testId="gadget-okrs" data-project-key={project.key} data-cycle-id={cycle.id}>
      <Stack space="space.100">
      <Inline space="space.100" alignBlock="center">
        <Heading as="h2" size="small">
          {project.name} · {cycle.name}
        </Heading>
        <Lozenge appearance={CYCLE_STATE_LOOK[cycle.state].appearance}>{CYCLE_STATE_LOOK[cycle.state].label}</Lozenge>
      </Inline>
      {objectives.length === 0 ? (
        <Box testId="gadget-empty">
          <Text as="p" color="color.text.subtle">
            {project.key} has no agreed Objectives in {cycle.name} yet: drafts show here once a Product Owner makes them active.
          </Text>
        </Box>
      ) : (
        <Box as="ul" xcss={listStyles}>
          {objectives.map((objective) => (
            <ObjectiveItem key={objective.id} objective={objective} />
          ))}
        </Box>
      )}
      {moreObjectives > 0 && (
        <Text as="p" color="color.text.subtle" testId="gadget-more">
          {moreObjectives === 1 ? 'One more Objective is' : `${moreObjectives} more Objectives are`} on {project.key}'s Outcomes page.
        </Text>
      )}
      </Stack>
    </Box>
  );
}

function gradeText(objective: GadgetObjective): string | null {
  if (objective.grade !== null) return `Grade ${objective.grade.toFixed(1)}`;
  if (objective.graded.count > 0) return `${objective.graded.count} of ${objective.graded.of} graded`;
  return null;
}

function ObjectiveItem({ objective }: { objective: GadgetObjective }) {
  const health = KEY_RESULT_STATUS_LOOK[objective.health];
  const grade = gradeText(objective);
  return (
    <Box as="li" xcss={objectiveStyles} testId="gadget-objective" data-objective-id={objective.id}>
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading as="h3" size="xsmall">
            {objective.title}
          </Heading>
          {objective.status === 'done' && <Lozenge appearance={OBJECTIVE_STATUS_LOOK.done.appearance}>{OBJECTIVE_STATUS_LOOK.done.label}</Lozenge>}
          <Lozenge appearance={health.appearance} testId="gadget-objective-health">
            {health.label}
          </Lozenge>
          <Text size="small" color="color.text.subtle" testId="gadget-objective-progress">
            {formatShare(objective.progress)}
          </Text>
          {grade && (
            <Text size="small" weight="medium" testId="gadget-objective-grade">
              {grade}
            </Text>
          )}
        </Inline>
        <ProgressBar progress={objective.progress} status={objective.health} label={objective.title} size="small" />
        <Box as="ul" xcss={listStyles}>
          {objective.keyResults.map((keyResult) => (
            <KeyResultItem key={keyResult.id} keyResult={keyResult} />
          ))}
        </Box>
      </Stack>
    </Box>
  );
}

function KeyResultItem({ keyResult }: { keyResult: GadgetKeyResult }) {
  const status = KEY_RESULT_STATUS_LOOK[keyResult.status];
  const measurable = keyResult.status !== 'not-measurable';
  return (
    <Box as="li" paddingBlock="space.050" paddingInlineStart="space.200" testId="gadget-key-result" data-key-result-id={keyResult.id}>
      <Stack space="space.025">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text>{keyResult.title}</Text>
          <Lozenge appearance={status.appearance} testId="gadget-key-result-status">
            {status.label}
          </Lozenge>
          {keyResult.stale && (
            <Lozenge appearance="moved" testId="gadget-key-result-stale">
              No check-in for {keyResult.daysWithoutCheckIn} days
            </Lozenge>
          )}
        </Inline>
        <Inline space="space.150" shouldWrap>
          <Text size="small" color="color.text.subtle">
            {formatMetric(keyResult.metric)}
          </Text>
          {measurable && (
            <Text size="small" color="color.text.subtle" testId="gadget-key-result-progress">
              {formatShare(keyResult.progress)} done
            </Text>
          )}
          {keyResult.forecast !== null && (
            <Text size="small" color="color.text.subtle" testId="gadget-key-result-forecast">
              Forecast {formatValue(keyResult.forecast, keyResult.metric.unit, { estimate: true })} at the cycle's end
            </Text>
          )}
          {keyResult.grade !== null && (
            <Text size="small" weight="medium" testId="gadget-key-result-grade">
              Grade {keyResult.grade.toFixed(1)}
            </Text>
          )}
        </Inline>
      </Stack>
    </Box>
  );
}
