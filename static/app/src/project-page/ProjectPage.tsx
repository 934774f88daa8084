import Heading from '@atlaskit/heading';
import ModalTransition from '@atlaskit/modal-dialog/modal-transition';
import SectionMessage from '@atlaskit/section-message';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { lazy, Suspense, useMemo, useState } from 'react';
import type { Cycle, ObjectiveView, ProjectOverviewData, SprintReviewSummary, SprintView, Warning } from '../../../../src/contract';
import { formatDateRange } from '../shared/format';
import { type PageContext, usePageContext } from '../shared/forgeContext';
import { Loading } from '../shared/Loading';
import { ActiveSprintCard } from './alignment/ActiveSprintCard';
import { keyResultIndex } from './alignment/keyResultIndex';
import { UnalignedSection } from './alignment/UnalignedSection';
import { DialogLoading } from './DialogLoading';
import { CycleStateLozenge } from './lozenges';
import { NoBoard } from './NoBoard';
import { CycleSwitcher } from './okrs/CycleSwitcher';
import { OkrLimitGauge } from './okrs/OkrLimitGauge';
import { OkrSection } from './okrs/OkrSection';
import { ObjectivesSummary } from './okrs/ObjectivesSummary';
import { useCollapsedObjectives } from './okrs/collapsed';
import { ResolverErrorMessage } from './ResolverErrorMessage';
import { ReviewBanner } from './review/ReviewBanner';
import { SprintsSection } from './SprintsSection';
import { useOverview, type OverviewState } from './useOverview';
import { flag } from '../shared/flag';

// Below the fold, with the table and the filter it needs: loads after the page's first paint.
const BacklogSection = lazy(() => import('./BacklogSection').then((module) => ({ default: module.BacklogSection })));
// Loads when a Product Owner first ties a Sprint Goal: most visits only read.
const TieSprintGoalModal = lazy(() => import('./alignment/TieSprintGoalModal').then((module) => ({ default: module.TieSprintGoalModal })));
// Loads when someone opens a sprint review: once a sprint, for a few people.
const SprintReviewModal = lazy(() => import('./review/SprintReviewModal').then((module) => ({ default: module.SprintReviewModal })));

// The gauge and the running sprint side by side: what a Scrum Master reads first.
const glance = xcss({ flexGrow: 1, flexShrink: 1, flexBasis: '320px', minWidth: '0' });
const glanceWide = xcss({ flexGrow: 2, flexShrink: 1, flexBasis: '420px', minWidth: '0' });
// Jira shows its flags fixed in the page's bottom corner (48px up, one flag about 130px tall with a
// sentence and an action), over whatever is scrolled there: the page ends with that much room, so its
// last rows can always be scrolled clear of them.
const FLAG_CLEARANCE = '184px';
const flagClearance = xcss({ height: FLAG_CLEARANCE });

export function ProjectPage() {
  const context = usePageContext();
  const { projectKey, accountId: viewerAccountId } = context;
  const overview = useOverview();
  const what = projectKey ? `the OKRs of ${projectKey}` : "this project's OKRs";
  const { data, error } = overview;
  const loading = overview.state === 'loading';
  // The OKRs at hand belong to another cycle than the one chosen (its load is under way or failed).
  const otherCycle = data !== undefined && overview.cycleId !== undefined && data.cycle.id !== overview.cycleId;

  return (
    <Box as="main" padding="space.300">
      {data === undefined ? (
        error ? (
          <ResolverErrorMessage error={error} what={what} onRetry={overview.reload} />
        ) : (
          <Loading label="Loading the project's OKRs" />
        )
      ) : (
        <Stack space="space.400">
          <ProjectHeader data={data} overview={overview} />
          {error ? (
            // A failed refresh keeps what is still true below it; a failed cycle switch shows no other cycle's OKRs.
            <ResolverErrorMessage error={error} what={what} onRetry={otherCycle ? overview.reload : overview.refresh} />
          ) : null}
          {loading ? (
            <Loading label="Loading the OKRs of the chosen cycle" />
          ) : otherCycle ? null : (
            <ProjectOverview overview={data} state={overview} viewerAccountId={viewerAccountId} projectKey={projectKey} action={sprintActionOf(context)} />
          )}
        </Stack>
      )}
      <Box aria-hidden testId="flag-clearance" xcss={flagClearance} />
    </Box>
  );
}

function ProjectHeader({ data, overview }: { data: ProjectOverviewData; overview: OverviewState }) {
  // While another cycle loads, the switcher already shows the one asked for.
  const shown: Cycle = (overview.cycleId && data.cycles.find((cycle) => cycle.id === overview.cycleId)) || data.cycle;
  return (
    <Box as="header" testId="project-header">
      <Stack space="space.100">
        <Heading as="h1" size="large">
          {data.project.name}
        </Heading>
        <Inline space="space.150" alignBlock="center" shouldWrap>
          <Text color="color.text.subtle" id="cycle-switcher-label">
            OKR cycle
          </Text>
          <CycleSwitcher cycles={data.cycles} selected={shown} onSelect={overview.selectCycle} />
          <Text color="color.text.subtle">{formatDateRange(shown.startDate, shown.endDate) ?? 'dates not set'}</Text>
          <CycleStateLozenge state={shown.state} />
        </Inline>
      </Stack>
    </Box>
  );
}

/**
 * What a sprint action asks the page to open at once (manifest: jira:sprintAction): the Sprint Goal's
 * tie, or the sprint's review. The backlog action and the project page open the page as it is.
 */
function sprintActionOf({ moduleKey, sprintId }: PageContext): SprintAction | null {
  if (sprintId === undefined) return null;
  if (moduleKey === 'outcomes-sprint-goal') return { kind: 'tie', sprintId };
  if (moduleKey === 'outcomes-sprint-review') return { kind: 'review', sprintId };
  return null;
}

interface SprintAction {
  kind: 'tie' | 'review';
  sprintId: number;
}

function ProjectOverview({
  overview,
  state,
  viewerAccountId,
  projectKey,
  action,
}: {
  overview: ProjectOverviewData;
  state: OverviewState;
  viewerAccountId: string | undefined;
  projectKey: string | undefined;
  action: SprintAction | null;
}) {
  const { project, cycle, board, sprints, backlog, objectives, okrLimit, people, access, unaligned, warnings } = overview;
  // An overview from before sprint reviews existed has none.
  const reviews = overview.reviews ?? [];
  const keyResults = useMemo(() => keyResultIndex(objectives), [objectives]);
  const [tyingChosen, setTyingChosen] = useState<SprintView | null>(null);
  const [reviewingChosen, setReviewingChosen] = useState<SprintReviewSummary | null>(null);
  // A sprint action opens its dialog once; closing it leaves the page as it is.
  const [actionDone, setActionDone] = useState(false);
  const actionSprint = action && !actionDone ? sprints.find((sprint) => sprint.id === action.sprintId) : undefined;
  const tying = tyingChosen ?? (action?.kind === 'tie' ? (actionSprint ?? null) : null);
  const reviewing = reviewingChosen ?? (action?.kind === 'review' && actionSprint ? reviewOfSprint(actionSprint, reviews) : null);
  const setTying = (sprint: SprintView | null) => {
    setActionDone(true);
    setTyingChosen(sprint);
  };
  const setReviewing = (review: SprintReviewSummary | null) => {
    setActionDone(true);
    setReviewingChosen(review);
  };
  const focusSprint = unaligned ? sprints.find((sprint) => sprint.id === unaligned.sprintId) : undefined;
  const folding = useCollapsedObjectives(viewerAccountId, projectKey ?? project.key);
  // From the summary: unfold the Objective and bring its card into view.
  const openObjective = (objective: ObjectiveView) => {
    folding.setCollapsed(objective.id, false);
    const heading = document.getElementById(`objective-${objective.id}`);
    heading?.scrollIntoView({ block: 'start' });
    heading?.closest('article')?.querySelector<HTMLElement>('[data-testid="toggle-objective"]')?.focus({ preventScroll: true });
  };

  return (
    <Stack space="space.400">
      {warnings.length > 0 && <Warnings warnings={warnings} />}

      <ReviewBanner reviews={reviews} canGrade={access.canCheckIn} onOpen={setReviewing} />

      <ObjectivesSummary objectives={objectives} cycle={cycle} onOpen={openObjective} />

      <Inline space="space.200" alignBlock="stretch" shouldWrap testId="at-a-glance">
        <Box xcss={glance}>
          <OkrLimitGauge okrLimit={okrLimit} objectives={objectives} people={people} />
        </Box>
        <Box xcss={glanceWide}>
          <ActiveSprintCard board={board} cycle={cycle} sprints={sprints} keyResults={keyResults} canEdit={access.canEdit} onTie={setTying} />
        </Box>
      </Inline>

      {unaligned && <UnalignedSection unaligned={unaligned} sprint={focusSprint} canLink={access.canLinkWork} objectives={objectives} onLinked={state.refresh} />}

      <OkrSection
        overview={overview}
        viewerAccountId={viewerAccountId}
        refreshing={state.refreshing}
        refresh={state.refresh}
        replaceKeyResult={state.replaceKeyResult}
        folding={folding}
      />

      {board === null && backlog.length === 0 ? (
        <NoBoard projectName={project.name} headingLevel={2} />
      ) : (
        <>
          <SprintsSection
            board={board}
            cycle={cycle}
            sprints={sprints}
            projectName={project.name}
            keyResults={keyResults}
            canEdit={access.canEdit}
            onTie={setTying}
            reviews={reviews}
            onOpenReview={setReviewing}
          />
          <Suspense fallback={<Loading label="Loading the backlog" size="medium" />}>
            <BacklogSection backlog={backlog} nextCursor={overview.backlogNextCursor} objectives={objectives} canLink={access.canLinkWork} onLinked={state.refresh} />
          </Suspense>
        </>
      )}

      <ModalTransition>
        {tying && (
          <Suspense fallback={<DialogLoading />}>
            <TieSprintGoalModal
              sprint={tying}
              objectives={objectives}
              onClose={() => setTying(null)}
              onReload={() => {
                setTying(null);
                state.refresh();
              }}
              onSaved={(tied) => {
                setTying(null);
                state.replaceSprintKeyResults(tied);
                flag(
                  tied.keyResultIds.length === 0
                    ? `${tying.name}: its Sprint Goal serves no Key Result`
                    : `${tying.name}: its Sprint Goal serves ${tied.keyResultIds.length === 1 ? '1 Key Result' : `${tied.keyResultIds.length} Key Results`}`,
                );
                state.refresh();
              }}
            />
          </Suspense>
        )}
      </ModalTransition>
      <ModalTransition>
        {reviewing && (
          <Suspense fallback={<DialogLoading />}>
            <SprintReviewModal
              sprintId={reviewing.sprintId}
              sprintName={reviewing.sprintName}
              people={people}
              viewerAccountId={viewerAccountId}
              onClose={() => setReviewing(null)}
              onGraded={() => state.refresh()}
            />
          </Suspense>
        )}
      </ModalTransition>
    </Stack>
  );
}

/** A sprint's review as the page lists it, or one to open by the sprint alone (the dialog says when it has none). */
function reviewOfSprint(sprint: SprintView, reviews: SprintReviewSummary[]): SprintReviewSummary {
  return reviews.find((review) => review.sprintId === sprint.id) ?? { sprintId: sprint.id, sprintName: sprint.name, closedAt: sprint.completeDate ?? '', keyResultCount: 0, gradedCount: 0 };
}

/** Said while the project's figures are gathered in the background: news, not a problem. */
const REBUILDING = 'FIGURES_REBUILDING';

function Warnings({ warnings: all }: { warnings: Warning[] }) {
  const rebuilding = all.find((warning) => warning.code === REBUILDING);
  const warnings = all.filter((warning) => warning.code !== REBUILDING);
  return (
    <Stack space="space.100">
      {rebuilding && (
        <Box testId="figures-rebuilding">
          <SectionMessage appearance="information" title="Gathering your figures">
            <Text as="p">{rebuilding.message}</Text>
          </SectionMessage>
        </Box>
      )}
      {warnings.length > 0 && <WarningList warnings={warnings} />}
    </Stack>
  );
}

function WarningList({ warnings }: { warnings: Warning[] }) {
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
