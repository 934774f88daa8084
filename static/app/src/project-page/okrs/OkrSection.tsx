import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import ModalTransition from '@atlaskit/modal-dialog/modal-transition';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import Spinner from '@atlaskit/spinner';
import { lazy, Suspense, useMemo, useState } from 'react';
import type { KeyResultView, ObjectiveStatus, ObjectiveView, Person, ProjectOverviewData } from '../../../../../src/contract';
import type { DeleteTarget } from './DeleteModal';
import type { HistoryTarget } from './HistoryModal';
import { ObjectiveCard } from './ObjectiveCard';
import { Upward } from '../upward/Upward';
import type { useCollapsedObjectives } from './collapsed';

type Folding = ReturnType<typeof useCollapsedObjectives>;
import { DialogLoading } from '../DialogLoading';
import { GradingHint } from '../review/GradingHint';
import { flag } from '../../shared/flag';
import { joinNames } from '../../shared/format';

// The dialogs (forms, text fields, the modal itself) load when first opened: most visits only read.
const ObjectiveFormModal = lazy(() => import('./ObjectiveFormModal').then((module) => ({ default: module.ObjectiveFormModal })));
const KeyResultFormModal = lazy(() => import('./KeyResultFormModal').then((module) => ({ default: module.KeyResultFormModal })));
const CheckInModal = lazy(() => import('./CheckInModal').then((module) => ({ default: module.CheckInModal })));
const HistoryModal = lazy(() => import('./HistoryModal').then((module) => ({ default: module.HistoryModal })));
const DeleteModal = lazy(() => import('./DeleteModal').then((module) => ({ default: module.DeleteModal })));

type Dialog =
  | { kind: 'objective'; objective?: ObjectiveView }
  | { kind: 'keyResult'; objective: ObjectiveView; keyResult?: KeyResultView }
  | { kind: 'checkIn'; keyResult: KeyResultView }
  | { kind: 'history'; target: HistoryTarget }
  | { kind: 'delete'; target: DeleteTarget };

interface Props {
  overview: ProjectOverviewData;
  viewerAccountId: string | undefined;
  /** A refresh after a change is under way. */
  refreshing: boolean;
  refresh: () => void;
  replaceKeyResult: (keyResult: KeyResultView) => void;
  /** Which Objectives the viewer folded (see collapsed.ts). */
  folding: Folding;
}

/** Lifecycle order: what the team works on now first, then what may come, then what is behind it. */
const STATUS_ORDER: Record<ObjectiveStatus, number> = { active: 0, draft: 1, done: 2, dropped: 3 };

export function OkrSection({ overview, viewerAccountId, refreshing, refresh, replaceKeyResult, folding }: Props) {
  const { cycle, sprints, objectives, okrLimit, access, people } = overview;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const reloadAfterProblem = () => {
    setDialog(null);
    refresh();
  };

  const sorted = useMemo(
    () => [...objectives].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]),
    [objectives],
  );
  // Everyone the page can name may own an Objective, the Product Owners included.
  const owners = useMemo(() => {
    const known: Record<string, string> = { ...people };
    for (const owner of access.productOwners) known[owner.accountId] ??= owner.displayName;
    return known;
  }, [people, access.productOwners]);

  // The server decides; this only hides buttons that would be refused. A Product Owner checks in on
  // every Objective, anyone else only on the ones they own.
  const isProductOwner = access.productOwners.some((owner) => owner.accountId === viewerAccountId);
  const mayCheckIn = (objective: ObjectiveView) =>
    access.canCheckIn &&
    (viewerAccountId === undefined || isProductOwner || objective.ownerAccountId === viewerAccountId);

  return (
    <Box as="section" aria-labelledby="okrs-heading" testId="okr-section">
      <Stack space="space.200">
        <Inline space="space.150" alignBlock="center" spread="space-between" shouldWrap>
          <Inline space="space.100" alignBlock="center">
            <Heading as="h2" size="medium" id="okrs-heading">
              OKRs
            </Heading>
            {refreshing && <Spinner size="small" label="Updating the OKRs" />}
          </Inline>
          <Inline space="space.100" alignBlock="center">
            {objectives.length > 1 && <FoldAll objectives={objectives} folding={folding} />}
            {access.canEdit && objectives.length > 0 && (
              <Button appearance="primary" testId="create-objective" onClick={() => setDialog({ kind: 'objective' })}>
                Create Objective
              </Button>
            )}
          </Inline>
        </Inline>

        {!access.canEdit && <ReadOnlyNote productOwners={access.productOwners} />}

        {overview.productGoal && <Upward kind="goal" goal={overview.productGoal} />}

        {overview.grading && <GradingHint grading={overview.grading} />}

        {sorted.length === 0 ? (
          <EmptyState
            testId="no-objectives"
            headingLevel={3}
            header={`No OKRs for ${cycle.name} yet`}
            description={
              access.canEdit
                ? 'Start with one to three Objectives: a qualitative state the team wants to reach this cycle, each with 3 to 5 measurable Key Results.'
                : 'The Product Owner has not written OKRs for this cycle yet. They show here once written.'
            }
            primaryAction={
              access.canEdit ? (
                <Button appearance="primary" testId="create-objective" onClick={() => setDialog({ kind: 'objective' })}>
                  Create Objective
                </Button>
              ) : undefined
            }
          />
        ) : (
          <Stack space="space.200" testId="objectives">
            {sorted.map((objective) => (
              <ObjectiveCard
                key={objective.id}
                objective={objective}
                cycle={cycle}
                sprints={sprints}
                people={people}
                titles={overview.alignedTo}
                canEdit={access.canEdit}
                canCheckIn={mayCheckIn(objective)}
                collapsed={folding.isCollapsed(objective.id)}
                onToggle={(target, collapse) => folding.setCollapsed(target.id, collapse)}
                onReload={refresh}
                onObjectiveAction={(action, target) => {
                  if (action === 'add-key-result') setDialog({ kind: 'keyResult', objective: target });
                  else if (action === 'edit') setDialog({ kind: 'objective', objective: target });
                  else if (action === 'history') setDialog({ kind: 'history', target: { kind: 'objective', id: target.id, title: target.title } });
                  else setDialog({ kind: 'delete', target: { kind: 'objective', objective: target } });
                }}
                onKeyResultAction={(action, keyResult, owner) => {
                  if (action === 'check-in') setDialog({ kind: 'checkIn', keyResult });
                  else if (action === 'edit') setDialog({ kind: 'keyResult', objective: owner, keyResult });
                  else if (action === 'history') setDialog({ kind: 'history', target: { kind: 'keyResult', id: keyResult.id, title: keyResult.title } });
                  else setDialog({ kind: 'delete', target: { kind: 'keyResult', keyResult } });
                }}
              />
            ))}
          </Stack>
        )}
      </Stack>

      <ModalTransition>
        {dialog && (
          <Suspense fallback={<DialogLoading />}>
            {dialog.kind === 'objective' && (
              <ObjectiveFormModal
                cycle={cycle}
                objective={dialog.objective}
                people={owners}
                okrLimit={okrLimit}
                onClose={close}
                onReload={reloadAfterProblem}
                onSaved={(saved) => {
                  close();
                  flag(dialog.objective ? `Saved “${saved.title}”` : `Created “${saved.title}”`);
                  refresh();
                }}
              />
            )}
            {dialog.kind === 'keyResult' && (
              <KeyResultFormModal
                objective={dialog.objective}
                keyResult={dialog.keyResult}
                onClose={close}
                onReload={reloadAfterProblem}
                onSaved={(saved) => {
                  close();
                  flag(dialog.keyResult ? `Saved “${saved.title}”` : `Added “${saved.title}”`);
                  replaceKeyResult(saved);
                  refresh();
                }}
              />
            )}
            {dialog.kind === 'checkIn' && (
              <CheckInModal
                keyResult={dialog.keyResult}
                onClose={close}
                onReload={reloadAfterProblem}
                onCheckedIn={(updated) => {
                  close();
                  flag(`Checked in on “${updated.title}”`);
                  replaceKeyResult(updated);
                  refresh();
                }}
              />
            )}
            {dialog.kind === 'history' && <HistoryModal target={dialog.target} people={people} onClose={close} />}
            {dialog.kind === 'delete' && (
              <DeleteModal
                target={dialog.target}
                onClose={close}
                onReload={reloadAfterProblem}
                onDeleted={(warnings) => {
                  close();
                  flag(dialog.target.kind === 'objective' ? 'Objective deleted' : 'Key Result deleted', warnings.map((warning) => warning.message).join(' ') || undefined);
                  refresh();
                }}
              />
            )}
          </Suspense>
        )}
      </ModalTransition>
    </Box>
  );
}

/** Who may change the OKRs, for those who may only read them. */
function ReadOnlyNote({ productOwners }: { productOwners: Person[] }) {
  const names = productOwners.map((person) => person.displayName);
  const who =
    names.length === 0
      ? 'a project admin'
      : `${joinNames(names, 'or')} (${names.length === 1 ? 'Product Owner' : 'Product Owners'}) or a project admin`;
  return (
    <Text as="p" color="color.text.subtle" testId="read-only-note">
      Only {who} can change these OKRs.
    </Text>
  );
}

/** Folds every Objective to a line, or unfolds them all: one button, saying what it will do. */
function FoldAll({ objectives, folding }: { objectives: ObjectiveView[]; folding: Folding }) {
  const ids = objectives.map((objective) => objective.id);
  const allFolded = ids.every((id) => folding.isCollapsed(id));
  return (
    <Button appearance="subtle" testId="fold-all" onClick={() => folding.setAll(ids, !allFolded)}>
      {allFolded ? 'Show all Key Results' : 'Hide all Key Results'}
    </Button>
  );
}
