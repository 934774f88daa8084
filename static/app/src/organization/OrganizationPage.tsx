import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import ModalTransition from '@atlaskit/modal-dialog/modal-transition';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { lazy, Suspense, useState } from 'react';
import type { Cycle, ObjectiveView, OrganizationTopology, OrgKeyResultContributions } from '../../../../src/contract';
import { DialogLoading } from '../project-page/DialogLoading';
import { CycleStateLozenge } from '../project-page/lozenges';
import { CycleSwitcher } from '../project-page/okrs/CycleSwitcher';
import { ResolverErrorMessage } from '../project-page/ResolverErrorMessage';
import { Loading } from '../shared/Loading';
import { useResolver } from '../shared/useResolver';
import type { OrgAction } from './OrgObjectiveCard';
import { OrgObjectiveCard } from './OrgObjectiveCard';
import { filteredObjectives, NO_FILTER, teamKept, type TopologyFilter } from './filters';
import { TeamsSection, TopologyFilters } from './OrgTeams';

// The dialogs load after the page's first paint, as on the project page (the cycle switcher's picker too).
const OrgObjectiveFormModal = lazy(() => import('./OrgObjectiveFormModal').then((module) => ({ default: module.OrgObjectiveFormModal })));
const KeyResultFormModal = lazy(() => import('../project-page/okrs/KeyResultFormModal').then((module) => ({ default: module.KeyResultFormModal })));
const OrgGradeModal = lazy(() => import('./OrgGradeModal').then((module) => ({ default: module.OrgGradeModal })));
const HistoryModal = lazy(() => import('../project-page/okrs/HistoryModal').then((module) => ({ default: module.HistoryModal })));
const CheckInModal = lazy(() => import('../project-page/okrs/CheckInModal').then((module) => ({ default: module.CheckInModal })));
const OrgTransfer = lazy(() => import('./OrgTransfer').then((module) => ({ default: module.OrgTransfer })));
const DeleteModal = lazy(() => import('../project-page/okrs/DeleteModal').then((module) => ({ default: module.DeleteModal })));
const OrgSettingsModal = lazy(() => import('./OrgSettingsModal').then((module) => ({ default: module.OrgSettingsModal })));
const OrgTopologyView = lazy(() => import('./OrgTopologyView').then((module) => ({ default: module.OrgTopologyView })));
const NexusSection = lazy(() => import('./NexusSection').then((module) => ({ default: module.NexusSection })));

type Dialog = { kind: 'new-objective' } | { kind: 'settings' } | OrgAction | null;

const page = xcss({ padding: 'space.300', maxWidth: '1080px' });

/** The organization's OKRs of one cycle (the fiscal year by default): everyone reads them; holders of Manage organization OKRs write. */
export function OrganizationPage() {
  const [cycleId, setCycleId] = useState<string | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [filter, setFilter] = useState<TopologyFilter>(NO_FILTER);
  const okrs = useResolver('getOrganizationOkrs', cycleId ? { cycleId } : {}, { keepPrevious: true });
  const close = () => setDialog(null);
  const saved = () => {
    setDialog(null);
    okrs.refresh();
  };

  return (
    <Box xcss={page} testId="organization-page">
      <Stack space="space.300">
        <Stack space="space.100">
          <Heading size="large" as="h1">
            Organization OKRs
          </Heading>
          <Text color="color.text.subtle">
            The organization sets its Objectives for the year, and some for a quarter; each team writes its own quarterly OKRs and aligns them to these as it sees fit.
          </Text>
        </Stack>
        {okrs.state === 'loading' && !okrs.data ? (
          <Loading label="Loading the organization’s OKRs" />
        ) : okrs.state === 'error' ? (
          <ResolverErrorMessage error={okrs.error} what="the organization’s OKRs" onRetry={okrs.reload} />
        ) : okrs.data ? (
          <Stack space="space.200">
            <Inline space="space.150" alignBlock="center" spread="space-between" shouldWrap>
              <Inline space="space.100" alignBlock="center">
                <CycleSwitcher cycles={okrs.data.cycles} selected={okrs.data.cycle} onSelect={setCycleId} />
                <CycleStateLozenge state={okrs.data.cycle.state} />
                <Suspense fallback={null}><OrgTransfer canManage={okrs.data.canManage} onImported={okrs.refresh} /></Suspense>
              </Inline>
              {okrs.data.canManage ? (
                <Inline space="space.100">
                  <Button testId="org-settings" onClick={() => setDialog({ kind: 'settings' })}>
                    Settings
                  </Button>
                  {okrs.data.objectives.length > 0 && (
                    <Button appearance="primary" testId="create-objective" onClick={() => setDialog({ kind: 'new-objective' })}>
                      New Objective
                    </Button>
                  )}
                </Inline>
              ) : (
                <Text size="small" color="color.text.subtle" testId="read-only-note">
                  You can read the organization’s OKRs. People a Jira admin granted the Manage organization OKRs permission write them.
                </Text>
              )}
            </Inline>
            {okrs.data.objectives.length > 0 && <Suspense fallback={null}><OrgTopologyView topology={okrs.data.topology} titles={new Map(okrs.data.objectives.map((objective) => [objective.id, objective.title]))} /></Suspense>}
            {okrs.data.objectives.length > 0 && <TopologyFilters teams={okrs.data.topology.teams} nexuses={okrs.data.nexuses} filter={filter} onChange={setFilter} />}
            <Objectives
              objectives={okrs.data.objectives}
              shown={filteredObjectives(okrs.data.objectives, okrs.data.topology, filter, teamKept(filter, okrs.data.nexuses))}
              contributions={okrs.data.contributions}
              topology={okrs.data.topology}
              cycle={okrs.data.cycle}
              canManage={okrs.data.canManage}
              onAction={setDialog}
              onCreate={() => setDialog({ kind: 'new-objective' })}
            />
            {okrs.data.moreObjectives > 0 && <Text color="color.text.subtle">{`${okrs.data.moreObjectives} more Objectives in ${okrs.data.cycle.name} are not listed.`}</Text>}
            <Suspense fallback={null}>
              <NexusSection nexuses={okrs.data.nexuses} objectives={okrs.data.objectives} canManage={okrs.data.canManage} onChanged={okrs.refresh} onReload={okrs.reload} />
            </Suspense>
            {okrs.data.objectives.length > 0 && <TeamsSection topology={okrs.data.topology} titles={new Map(okrs.data.objectives.map((objective) => [objective.id, objective.title]))} kept={teamKept(filter, okrs.data.nexuses)} />}
          </Stack>
        ) : null}
      </Stack>
      <ModalTransition>
        {dialog && okrs.data && (
          <Suspense fallback={<DialogLoading />}>
            {dialog.kind === 'new-objective' && <OrgObjectiveFormModal cycle={okrs.data.cycle} onClose={close} onSaved={saved} onReload={okrs.reload} />}
            {dialog.kind === 'edit-objective' && <OrgObjectiveFormModal cycle={okrs.data.cycle} objective={dialog.objective} onClose={close} onSaved={saved} onReload={okrs.reload} />}
            {dialog.kind === 'add-key-result' && <KeyResultFormModal scope="organization" objective={dialog.objective} onClose={close} onSaved={saved} onReload={okrs.reload} />}
            {dialog.kind === 'edit-key-result' && <KeyResultFormModal scope="organization" objective={dialog.objective} keyResult={dialog.keyResult} onClose={close} onSaved={saved} onReload={okrs.reload} />}
            {dialog.kind === 'grade' && <OrgGradeModal keyResult={dialog.keyResult} onClose={close} onGraded={saved} onReload={okrs.reload} />}
            {dialog.kind === 'history' && <HistoryModal scope="organization" target={dialog.target} people={{}} onClose={close} />}
            {dialog.kind === 'check-in' && <CheckInModal scope="organization" keyResult={dialog.keyResult} onClose={close} onCheckedIn={saved} onReload={okrs.reload} />}
            {dialog.kind === 'delete' && <DeleteModal scope="organization" target={dialog.target} onClose={close} onDeleted={saved} onReload={okrs.reload} />}
            {dialog.kind === 'settings' && <OrgSettingsModal settings={okrs.data.settings} onClose={close} onSaved={saved} onReload={okrs.reload} />}
          </Suspense>
        )}
      </ModalTransition>
    </Box>
  );
}

interface ObjectivesProps {
  objectives: ObjectiveView[];
  /** Those the filters keep. */
  shown: ObjectiveView[];
  contributions: Record<string, OrgKeyResultContributions>;
  topology: OrganizationTopology;
  cycle: Cycle;
  canManage: boolean;
  onAction: (action: OrgAction) => void;
  onCreate: () => void;
}

function Objectives({ objectives, shown, contributions, topology, cycle, canManage, onAction, onCreate }: ObjectivesProps) {
  if (objectives.length === 0) {
    return (
      <EmptyState
        testId="no-objectives"
        headingLevel={2}
        header={`No organization OKRs for ${cycle.name} yet`}
        description={
          canManage
            ? 'Set a few Objectives the whole organization works toward, each with 3 to 5 measurable Key Results. Teams align their quarterly OKRs to them.'
            : 'Leadership has not set organization OKRs for this cycle yet. They show here once written.'
        }
        primaryAction={
          canManage ? (
            <Button appearance="primary" testId="create-objective" onClick={onCreate}>
              Create Objective
            </Button>
          ) : undefined
        }
      />
    );
  }
  return (
    <Stack space="space.200">
      {shown.length === 0 && (
        <Text color="color.text.subtle" testId="no-objectives-filtered">
          No Objective of this cycle matches the filters.
        </Text>
      )}
      {shown.map((objective) => (
        <OrgObjectiveCard key={objective.id} objective={objective} contributions={contributions} topology={topology} cycle={cycle} canManage={canManage} onAction={onAction} />
      ))}
    </Stack>
  );
}
