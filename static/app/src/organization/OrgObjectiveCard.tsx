import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { bareList, card } from './styles';
import type { Cycle, KeyResultView, ObjectiveView, OrganizationTopology, OrgKeyResultContributions } from '../../../../src/contract';
import { formatShare } from '../shared/format';
import { formatMetric, formatValue, KEY_RESULT_STATUS_LOOK, OBJECTIVE_STATUS_LOOK } from '../shared/format';
import { LintFindings } from '../project-page/okrs/LintFindings';
import { ProgressLine } from '../project-page/okrs/ProgressLine';
import type { HistoryTarget } from '../project-page/okrs/HistoryModal';
import { GradeBadge } from '../project-page/review/GradeBadge';
import type { DeleteTarget } from '../project-page/okrs/DeleteModal';
import { ServedBy } from './OrgTeams';

export type OrgAction =
  | { kind: 'edit-objective'; objective: ObjectiveView }
  | { kind: 'add-key-result'; objective: ObjectiveView }
  | { kind: 'edit-key-result'; objective: ObjectiveView; keyResult: KeyResultView }
  | { kind: 'check-in'; keyResult: KeyResultView }
  | { kind: 'grade'; keyResult: KeyResultView }
  | { kind: 'history'; target: HistoryTarget }
  | { kind: 'delete'; target: DeleteTarget };

interface Props {
  objective: ObjectiveView;
  /** Each Key Result's contributing team Key Results, by its id. */
  contributions: Record<string, OrgKeyResultContributions>;
  /** The teams serving it and its flags (visible teams only). */
  topology: OrganizationTopology;
  cycle: Cycle;
  canManage: boolean;
  onAction: (action: OrgAction) => void;
}

const row = xcss({ borderBlockStartWidth: 'border.width', borderBlockStartStyle: 'solid', borderBlockStartColor: 'color.border', paddingBlock: 'space.150' });

/** One organization Objective: its progress against the time gone, its grade, and its Key Results. */
export function OrgObjectiveCard({ objective, contributions, topology, cycle, canManage, onAction }: Props) {
  const status = OBJECTIVE_STATUS_LOOK[objective.status];
  const cycleClosed = cycle.state === 'closed';
  return (
    <Box as="section" testId="objective" data-objective-title={objective.title} xcss={card}>
      <Stack space="space.150">
        <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
          <Inline space="space.100" alignBlock="center">
            <Heading size="small" as="h3">
              {objective.title}
            </Heading>
            <Lozenge appearance={status.appearance}>{status.label}</Lozenge>
            {objective.grade !== null && <GradeBadge score={objective.grade} cycleClosed={cycleClosed} testId="objective-grade" />}
          </Inline>
          <Inline space="space.100">
            {canManage && (
              <>
                <Button spacing="compact" testId="add-key-result" onClick={() => onAction({ kind: 'add-key-result', objective })}>
                  Add Key Result
                </Button>
                <Button spacing="compact" appearance="subtle" testId="edit-objective" aria-label={`Edit “${objective.title}”`} onClick={() => onAction({ kind: 'edit-objective', objective })}>
                  Edit
                </Button>
                <Button spacing="compact" appearance="subtle" testId="delete-objective" aria-label={`Delete “${objective.title}”`} onClick={() => onAction({ kind: 'delete', target: { kind: 'objective', objective } })}>
                  Delete
                </Button>
              </>
            )}
            <Button
              spacing="compact"
              appearance="subtle"
              testId="objective-history"
              aria-label={`History of “${objective.title}”`}
              onClick={() => onAction({ kind: 'history', target: { kind: 'objective', id: objective.id, title: objective.title } })}
            >
              History
            </Button>
          </Inline>
        </Inline>
        {objective.description && <Text color="color.text.subtle">{objective.description}</Text>}
        <ProgressLine progress={objective.progress} expectedProgress={objective.expectedProgress} status={objective.health} label={`Progress of “${objective.title}”`} testId="objective-progress" />
        <LintFindings findings={objective.lint} testId="objective-lint" />
        <ServedBy objectiveId={objective.id} topology={topology} />
        {objective.keyResults.length === 0 ? (
          <Text color="color.text.subtle" testId="no-key-results">
            No Key Results yet{canManage ? ': add the 3 to 5 measurable outcomes that say the Objective is reached.' : '.'}
          </Text>
        ) : (
          <Box as="ul" xcss={bareList}>
            {objective.keyResults.map((keyResult) => (
              <OrgKeyResultRow
                key={keyResult.id}
                keyResult={keyResult}
                contributions={contributions[keyResult.id]}
                cycleClosed={cycleClosed}
                canManage={canManage}
                onCheckIn={() => onAction({ kind: 'check-in', keyResult })}
                onEdit={() => onAction({ kind: 'edit-key-result', objective, keyResult })}
                onGrade={() => onAction({ kind: 'grade', keyResult })}
                onHistory={() => onAction({ kind: 'history', target: { kind: 'keyResult', id: keyResult.id, title: keyResult.title } })}
                onDelete={() => onAction({ kind: 'delete', target: { kind: 'keyResult', keyResult } })}
              />
            ))}
          </Box>
        )}
      </Stack>
    </Box>
  );
}

interface RowProps {
  keyResult: KeyResultView;
  contributions: OrgKeyResultContributions | undefined;
  cycleClosed: boolean;
  canManage: boolean;
  onCheckIn: () => void;
  onEdit: () => void;
  onGrade: () => void;
  onHistory: () => void;
  onDelete: () => void;
}

function OrgKeyResultRow({ keyResult, contributions, cycleClosed, canManage, onCheckIn, onEdit, onGrade, onHistory, onDelete }: RowProps) {
  const look = KEY_RESULT_STATUS_LOOK[keyResult.status];
  return (
    <Box as="li" testId="key-result" data-key-result-title={keyResult.title} xcss={row}>
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
          <Text weight="semibold">{keyResult.title}</Text>
          <Inline space="space.100" alignBlock="center">
            <Lozenge appearance={look.appearance} testId="key-result-status">
              {look.label}
            </Lozenge>
            {keyResult.confidence !== null && (
              <Text size="small" color="color.text.subtle">
                Confidence {keyResult.confidence}/10
              </Text>
            )}
            {keyResult.lastGrade !== null && <GradeBadge score={keyResult.lastGrade} cycleClosed={cycleClosed} testId="kr-grade" />}
            {canManage && (
              <>
                <Button spacing="compact" testId="check-in" aria-label={`Check in on “${keyResult.title}”`} onClick={onCheckIn}>
                  Check in
                </Button>
                <Button spacing="compact" appearance="subtle" testId="grade" aria-label={`Grade “${keyResult.title}”`} onClick={onGrade}>
                  Grade
                </Button>
                <Button spacing="compact" appearance="subtle" testId="edit-key-result" aria-label={`Edit “${keyResult.title}”`} onClick={onEdit}>
                  Edit
                </Button>
                <Button spacing="compact" appearance="subtle" testId="delete-key-result" aria-label={`Delete “${keyResult.title}”`} onClick={onDelete}>
                  Delete
                </Button>
              </>
            )}
            <Button spacing="compact" appearance="subtle" testId="history" aria-label={`History of “${keyResult.title}”`} onClick={onHistory}>
              History
            </Button>
          </Inline>
        </Inline>
        <Text size="small" color="color.text.subtle" testId="key-result-metric">
          {formatMetric(keyResult.metric)}
          {keyResult.forecast !== null ? ` · forecast ${formatValue(keyResult.forecast, keyResult.metric.unit, { estimate: true })} at the cycle’s end` : ''}
        </Text>
        <ProgressLine progress={keyResult.progress} expectedProgress={keyResult.expectedProgress} status={keyResult.status} label={`Progress of “${keyResult.title}”`} testId="key-result-progress" />
        <Contributions keyResult={keyResult} contributions={contributions} />
        <LintFindings findings={keyResult.lint} testId="key-result-lint" />
      </Stack>
    </Box>
  );
}

const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

/**
 * Where the Key Result's progress comes from, and the team Key Results contributing to it that the
 * viewer may see: those of projects they cannot browse are neither counted nor named (the server leaves
 * them out), though the progress is the organization's own figure, from every contributor.
 */
function Contributions({ keyResult, contributions }: { keyResult: KeyResultView; contributions: OrgKeyResultContributions | undefined }) {
  const count = contributions?.count ?? 0;
  const fromContributions = keyResult.progressFrom === 'contributions';
  const contributed = contributions?.progress != null;
  if (!fromContributions && count === 0) return null;
  const listed = contributions?.listed ?? [];
  const more = count - listed.length;
  return (
    <Stack space="space.050" testId="key-result-contributions">
      <Text size="small" color="color.text.subtle" testId="progress-from">
        {fromContributions
          ? contributed
            ? 'Progress from the team Key Results contributing to it'
            : 'Progress from team Key Results: none contributes yet, so its own check-ins count'
          : `Progress from its own check-ins · ${plural(count, 'team Key Result')} you can see contribute${count === 1 ? 's' : ''}`}
      </Text>
      {listed.length > 0 && (
        <Box as="ul" xcss={bareList}>
          {listed.map((contributor) => (
            <Box as="li" key={contributor.keyResultId} testId="contributor">
              <Text size="small">{`${contributor.projectKey} · ${contributor.title} · ${formatShare(contributor.progress)}${contributor.weight !== 1 ? ` · weight ${contributor.weight}` : ''}`}</Text>
            </Box>
          ))}
        </Box>
      )}
      {more > 0 && (
        <Text size="small" color="color.text.subtlest" testId="more-contributors">
          {`${more} more`}
        </Text>
      )}
    </Stack>
  );
}
