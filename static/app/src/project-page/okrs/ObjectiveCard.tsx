import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import type { Cycle, KeyResultView, ObjectiveView, SprintView } from '../../../../../src/contract';
import { KEY_RESULT_STATUS_LOOK, OBJECTIVE_STATUS_LOOK, personName } from '../../shared/format';
import { ProgressLine } from './ProgressLine';
import { GradeBadge } from '../review/GradeBadge';
import { KeyResultRow, type KeyResultAction } from './KeyResultRow';
import { LintFindings } from './LintFindings';
import { bareList } from './styles';
import { Upward } from '../upward/Upward';
import { lazy, Suspense } from 'react';

// Carry-overs (where it continues from or went, and "Carry over…"): loaded after the first paint.
const CarryLinks = lazy(() => import('./CarryLinks'));

export type ObjectiveAction = 'add-key-result' | 'edit' | 'history' | 'delete';

interface Props {
  objective: ObjectiveView;
  cycle: Cycle;
  sprints: SprintView[];
  people: Record<string, string>;
  /** Titles of the organization OKRs aligned to, by id (null: deleted). */
  titles: Record<string, string | null>;
  canEdit: boolean;
  canCheckIn: boolean;
  onObjectiveAction: (action: ObjectiveAction, objective: ObjectiveView) => void;
  onKeyResultAction: (action: KeyResultAction, keyResult: KeyResultView, objective: ObjectiveView) => void;
  /** Folded: its title, status and progress only; remembered per person and project. */
  collapsed: boolean;
  onToggle: (objective: ObjectiveView, collapse: boolean) => void;
  /** After a change made from the card itself (a carry-over): the page reloads. */
  onReload: () => void;
}

const card = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.large',
  backgroundColor: 'elevation.surface',
  padding: 'space.200',
});

/** One Objective: what it is, who owns it, how far it got, and its Key Results. */
export function ObjectiveCard({ objective, cycle, sprints, people, titles, canEdit, canCheckIn, onObjectiveAction, onKeyResultAction, collapsed, onToggle, onReload }: Props) {
  const statusLook = OBJECTIVE_STATUS_LOOK[objective.status];
  const healthLook = KEY_RESULT_STATUS_LOOK[objective.health];
  const headingId = `objective-${objective.id}`;
  const count = objective.keyResults.length;
  // Time-aware health matters while the Objective is being worked on; a draft or a dropped one has none.
  const showHealth = objective.status === 'active' && count > 0;
  const bodyId = `objective-body-${objective.id}`;
  const toCheckIn = objective.keyResults.filter((keyResult) => keyResult.stale).length;

  return (
    <Box
      as="article"
      testId="objective"
      data-objective-title={objective.title}
      data-objective-status={objective.status}
      data-collapsed={collapsed}
      aria-labelledby={headingId}
      xcss={card}
    >
      <Stack space="space.150">
        <Inline space="space.100" alignBlock="start" spread="space-between" shouldWrap>
          <Stack space="space.050">
            <Inline space="space.100" alignBlock="center" shouldWrap>
              <Button
                spacing="compact"
                appearance="subtle"
                testId="toggle-objective"
                aria-expanded={!collapsed}
                aria-controls={bodyId}
                aria-label={`${collapsed ? 'Show' : 'Hide'} the Key Results of “${objective.title}”`}
                onClick={() => onToggle(objective, !collapsed)}
              >
                {collapsed ? '▸' : '▾'}
              </Button>
              <Heading as="h3" size="small" id={headingId}>
                {objective.title}
              </Heading>
              <Lozenge appearance={statusLook.appearance} testId="objective-status">
                {statusLook.label}
              </Lozenge>
              {typeof objective.grade === 'number' && (
                <GradeBadge
                  score={objective.grade}
                  cycleClosed={cycle.state === 'closed'}
                  testId="objective-grade"
                  title="The weighted mean of its Key Results' latest grades"
                />
              )}
              {objective.grade === null && objective.graded.count > 0 && (
                <Text size="small" color="color.text.subtle" testId="objective-graded">
                  {objective.graded.count} of {objective.graded.of} graded
                </Text>
              )}
            </Inline>
            <Text size="small" color="color.text.subtle">
              Owner: {objective.ownerAccountId ? personName(people, objective.ownerAccountId) : 'not set'}
              {' · '}
              {count === 1 ? '1 Key Result' : `${count} Key Results`}
              {toCheckIn > 0 && ` · ${toCheckIn} to check in`}
            </Text>
          </Stack>
          <Inline space="space.050" shouldWrap>
            {canEdit && (
              <Button
                spacing="compact"
                testId="add-key-result"
                aria-label={`Add a Key Result to “${objective.title}”`}
                onClick={() => onObjectiveAction('add-key-result', objective)}
              >
                Add Key Result
              </Button>
            )}
            {canEdit && (
              <Button
                spacing="compact"
                appearance="subtle"
                testId="edit-objective"
                aria-label={`Edit “${objective.title}”`}
                onClick={() => onObjectiveAction('edit', objective)}
              >
                Edit
              </Button>
            )}
            <Button
              spacing="compact"
              appearance="subtle"
              testId="history"
              aria-label={`History of “${objective.title}”`}
              onClick={() => onObjectiveAction('history', objective)}
            >
              History
            </Button>
            {canEdit && (
              <Button
                spacing="compact"
                appearance="subtle"
                testId="delete-objective"
                aria-label={`Delete “${objective.title}”`}
                onClick={() => onObjectiveAction('delete', objective)}
              >
                Delete
              </Button>
            )}
          </Inline>
        </Inline>

        {objective.servesOrgObjectiveId && <Upward kind="serves" id={objective.servesOrgObjectiveId} titles={titles} />}
        <Suspense>
          <CarryLinks objective={objective} cycle={cycle} canEdit={canEdit} onReload={onReload} />
        </Suspense>

        {!collapsed && objective.description && (
          <Text as="p" color="color.text.subtle">
            {objective.description}
          </Text>
        )}

        {count > 0 && (
          <ProgressLine
            progress={objective.progress}
            expectedProgress={objective.expectedProgress}
            status={objective.health}
            label={objective.title}
            testId="objective-progress"
          >
            {showHealth && (
              <Lozenge appearance={healthLook.appearance} testId="objective-health">
                {healthLook.label}
              </Lozenge>
            )}
          </ProgressLine>
        )}

        {collapsed ? null : (
          <Stack space="space.150" id={bodyId}>
            <ObjectiveBody objective={objective} cycle={cycle} sprints={sprints} people={people} titles={titles} canEdit={canEdit} canCheckIn={canCheckIn} onKeyResultAction={onKeyResultAction} />
          </Stack>
        )}
      </Stack>
    </Box>
  );
}

type BodyProps = Pick<Props, 'objective' | 'cycle' | 'sprints' | 'people' | 'titles' | 'canEdit' | 'canCheckIn' | 'onKeyResultAction'>;

/** What folding hides: the quality findings and the Key Results. */
function ObjectiveBody({ objective, cycle, sprints, people, titles, canEdit, canCheckIn, onKeyResultAction }: BodyProps) {
  const count = objective.keyResults.length;
  return (
    <>
      <LintFindings findings={objective.lint} testId="objective-lint" />

      {count === 0 ? (
        // The quality check already says so, with advice, when it runs on this Objective.
        !objective.lint.some((finding) => finding.rule === 'kr-count') && (
          <Text as="p" color="color.text.subtlest" testId="no-key-results">
            No Key Results yet.{' '}
            {canEdit ? 'Add 3 to 5 measurable outcomes that show this Objective is reached.' : 'The Product Owner adds them.'}
          </Text>
        )
      ) : (
        <Stack as="ul" xcss={bareList} space="space.0" aria-label={`Key Results of “${objective.title}”`}>
          {objective.keyResults.map((keyResult) => (
            <KeyResultRow
              key={keyResult.id}
              keyResult={keyResult}
              cycle={cycle}
              sprints={sprints}
              people={people}
              titles={titles}
              canEdit={canEdit}
              canCheckIn={canCheckIn}
              onAction={(action, target) => onKeyResultAction(action, target, objective)}
            />
          ))}
        </Stack>
      )}
    </>
  );
}
