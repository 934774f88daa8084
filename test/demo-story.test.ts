// The preview's demo, at first look: the team already works with its OKRs (local/demo-story.ts plays
// that through the app's own resolvers and triggers). Whatever day the preview starts on, it tells the
// same story relative to that day.
import { DEMO_QUERY_JQL, DEMO_QUERY_KEY_RESULT } from '../local/demo-okrs';
import { DEMO_PUSHED_KEY_RESULT } from '../local/demo-push';
import type { GadgetData, OrganizationOkrsData, ProjectOverviewData, SprintReviewData, SprintView } from '../src/contract';
import { DEMO_ACCOUNT_IDS } from '../local/jira/demo-data';
import { createPreview, type Preview } from '../local/preview';
import { pinClock } from './support/fixture';
import { must } from './support/must';

let preview: Preview | undefined;
async function closePreview(): Promise<void> {
  await preview?.close();
  preview = undefined;
}

afterEach(async () => {
  await closePreview();
  jest.useRealTimers();
});

/** Starts the preview's demo on `today` (the app's clock pinned to it) and answers the project page's first view, as a stakeholder sees it. */
async function firstLook(today: Date): Promise<ProjectOverviewData> {
  pinClock(today);
  preview = await createPreview({ dataDir: null, today });
  const gym = must(preview.homeProject, 'the demo project');
  const answer = (await preview.forge.invoke({
    accountId: DEMO_ACCOUNT_IDS.sofia,
    moduleKey: 'outcomes-project-page',
    extension: { type: 'jira:projectPage', project: { id: gym.id, key: gym.key, type: 'software' } },
    functionKey: 'getProjectOverview',
    payload: {},
  })) as { ok: true; data: ProjectOverviewData } | { ok: false; error: { message: string } };
  if (!answer.ok) throw new Error(answer.error.message);
  await preview.forge.queuesSettled();
  return answer.data;
}

/** A resolver's answer on the demo preview, as a stakeholder (Sofia), from the project page or (with `gadget`) from a dashboard gadget. */
async function ask<T>(functionKey: string, payload: unknown, gadget = false): Promise<T> {
  const gym = must(preview?.homeProject, 'the demo project');
  const answer = (await must(preview, 'the preview').forge.invoke({
    accountId: DEMO_ACCOUNT_IDS.sofia,
    moduleKey: gadget ? 'outcomes-dashboard-gadget' : 'outcomes-project-page',
    extension: gadget
      ? { type: 'jira:dashboardGadget', gadget: { id: '10100' }, dashboard: { id: '10000' }, gadgetConfiguration: {} }
      : { type: 'jira:projectPage', project: { id: gym.id, key: gym.key, type: 'software' } },
    functionKey,
    payload,
  })) as { ok: true; data: T } | { ok: false; error: { message: string } };
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

/** The Key Results marked "to check in", by title, with their days without a check-in. */
const toCheckIn = (keyResults: Array<{ title: string; stale: boolean; daysWithoutCheckIn: number }>) =>
  keyResults.filter((keyResult) => keyResult.stale).map((keyResult) => `${keyResult.title}: ${keyResult.daysWithoutCheckIn} days`);

const running = (page: ProjectOverviewData): SprintView => must(page.sprints.find((sprint) => sprint.state === 'active'), 'the running sprint');

/** What a first look shows, with the sprints named by their place around the running one. */
function story(page: ProjectOverviewData) {
  const active = page.sprints.findIndex((sprint) => sprint.state === 'active');
  const around = page.sprints.slice(Math.max(0, active - 2), active + 2);
  const keyResults = page.objectives.flatMap((objective) => objective.keyResults);
  return {
    sprints: around.map((sprint) => ({
      place: page.sprints.indexOf(sprint) - active,
      alignedShare: sprint.alignedShare,
      tied: !sprint.keyResultsSuggested && sprint.keyResultIds.length > 0,
    })),
    unalignedInSprint: page.unaligned?.issues.length,
    unalignedBacklog: page.backlog.filter((item) => item.keyResultIds.length === 0).length,
    reviews: page.reviews.map((review) => ({ keyResults: review.keyResultCount, graded: review.gradedCount })),
    grades: page.grading.count,
    withWork: keyResults.filter((keyResult) => keyResult.linkedIssues.total > 0).length,
    toCheckIn: toCheckIn(keyResults),
    burnUpsDrawn: page.objectives.filter((objective) => objective.status === 'active').every((objective) => objective.keyResults.every((keyResult) => keyResult.burnUp.length >= 2)),
  };
}

describe('the demo at first look', () => {
  it('shows a team at work: most of the running sprint serves a Key Result, goals tied, the last review graded, figures and burn-ups filled', async () => {
    const page = await firstLook(new Date('2026-11-25T12:00:00.000Z'));

    const sprint = running(page);
    expect(must(sprint.alignedShare, 'the running sprint’s share')).toBeGreaterThan(0.58);
    expect(must(sprint.alignedShare, 'the running sprint’s share')).toBeLessThan(0.75);
    expect(must(page.unaligned, 'the running sprint’s unaligned work').issues.length).toBeGreaterThan(0);
    // Its Sprint Goal and the two before it are tied by the Product Owner, not merely suggested.
    const active = page.sprints.indexOf(sprint);
    for (const tied of page.sprints.slice(active - 2, active + 1)) {
      expect({ sprint: tied.name, suggested: tied.keyResultsSuggested, count: tied.keyResultIds.length > 0 }).toEqual({ sprint: tied.name, suggested: false, count: true });
    }
    // Some backlog items serve nothing, others do.
    const unalignedBacklog = page.backlog.filter((item) => item.keyResultIds.length === 0).length;
    expect(unalignedBacklog).toBeGreaterThan(0);
    expect(unalignedBacklog).toBeLessThan(page.backlog.length);
    // The last closed sprint's review is open and graded whole.
    const lastClosed = must(page.sprints.filter((candidate) => candidate.state === 'closed').at(-1), 'the last closed sprint');
    const review = must(page.reviews[0], 'a review');
    expect(review.sprintName).toBe(lastClosed.name);
    expect(review.keyResultCount).toBeGreaterThan(0);
    expect(review.gradedCount).toBe(review.keyResultCount);
    expect(page.grading.count).toBe(review.keyResultCount);
    // Every active Objective has Key Results with work, flow figures and a burn-up.
    for (const objective of page.objectives.filter((candidate) => candidate.status === 'active')) {
      const withWork = objective.keyResults.filter((keyResult) => keyResult.linkedIssues.total > 0);
      expect({ objective: objective.title, withWork: withWork.length > 0 }).toEqual({ objective: objective.title, withWork: true });
      expect({ objective: objective.title, flow: withWork.some((keyResult) => keyResult.flow.throughputPerSprint > 0 && keyResult.flow.medianCycleTimeDays !== null) }).toEqual({
        objective: objective.title,
        flow: true,
      });
      for (const keyResult of objective.keyResults) expect(keyResult.burnUp.length).toBeGreaterThan(1);
    }
  });

  it('nudges: two Key Results nobody has checked in on lately are to check in on the page, the gadget and the open review', async () => {
    const page = await firstLook(new Date('2026-11-25T12:00:00.000Z'));
    const expected = ['Plan satisfaction (1–5): 16 days', 'Members visiting 8+ times a month: 19 days'];
    expect(toCheckIn(page.objectives.flatMap((objective) => objective.keyResults))).toEqual(expected);
    const gadget = await ask<GadgetData>('getGadgetOkrs', { projectKey: 'GYM' }, true);
    expect(toCheckIn(gadget.objectives.flatMap((objective) => objective.keyResults))).toEqual(expected);
    const review = await ask<SprintReviewData>('getSprintReview', { sprintId: must(page.reviews[0], 'the open review').sprintId });
    expect(toCheckIn(review.keyResults)).toEqual(expected);
    expect(review.toCheckIn).toHaveLength(2);
  });

  it('has one Key Result fed by pushed values (the booking system’s nightly export), its confidence still the team’s', async () => {
    const page = await firstLook(new Date('2026-11-25T12:00:00.000Z'));
    const keyResults = page.objectives.flatMap((objective) => objective.keyResults);
    const pushed = keyResults.filter((keyResult) => keyResult.lastCheckIn?.source === 'pushed');
    expect(pushed.map((keyResult) => keyResult.title)).toEqual([DEMO_PUSHED_KEY_RESULT]);
    const fed = must(pushed[0], 'the pushed Key Result');
    expect(fed.lastCheckIn?.at).toBe('2026-11-25T12:00:00.000Z');
    expect(fed.burnUp.filter((point) => point.source === 'pushed')).toHaveLength(5);
    const typed = must(fed.checkIns.filter((checkIn) => checkIn.source === undefined).at(-1), 'a typed check-in');
    expect(fed.checkIns.filter((checkIn) => checkIn.source === 'pushed').every((checkIn) => checkIn.confidence === typed.confidence)).toBe(true);
  });

  it('has one Key Result measured by a Jira query, refreshed when the preview starts', async () => {
    const page = await firstLook(new Date('2026-11-25T12:00:00.000Z'));
    const keyResults = page.objectives.flatMap((objective) => objective.keyResults);
    const measured = keyResults.filter((keyResult) => keyResult.measure);
    expect(measured.map((keyResult) => [keyResult.title, keyResult.measure?.jql, keyResult.measure?.fn])).toEqual([[DEMO_QUERY_KEY_RESULT, DEMO_QUERY_JQL, 'count']]);
    const counted = must(measured[0], 'the measured Key Result');
    expect(counted.lastCheckIn?.source).toBe('query');
    expect(counted.measure?.problem).toBeUndefined();
    expect(counted.burnUp.filter((point) => point.source === 'query')).toHaveLength(1);
  });

  it('tells the same story relative to whichever day it starts on', async () => {
    const autumn = story(await firstLook(new Date('2026-11-25T12:00:00.000Z')));
    await closePreview();
    const spring = story(await firstLook(new Date('2027-05-12T08:00:00.000Z')));
    expect(spring).toEqual(autumn);
    expect(autumn.sprints.map((sprint) => sprint.place)).toEqual([-2, -1, 0, 1]);
    expect(autumn.burnUpsDrawn).toBe(true);
    expect(autumn.toCheckIn).toHaveLength(2);
  });

  it('five days into a quarter, shows the running sprint as mid-quarter, with burn-ups, and the last sprint of the quarter before graded', async () => {
    const autumn = story(await firstLook(new Date('2026-11-25T12:00:00.000Z')));
    await closePreview();
    const page = await firstLook(new Date('2027-01-06T10:00:00.000Z'));
    const newYear = story(page);
    // The running sprint, what serves nothing, the burn-ups: as in the middle of a quarter.
    expect({ running: newYear.sprints.find((sprint) => sprint.place === 0), unaligned: newYear.unalignedInSprint, backlog: newYear.unalignedBacklog, burnUps: newYear.burnUpsDrawn }).toEqual({
      running: autumn.sprints.find((sprint) => sprint.place === 0),
      unaligned: autumn.unalignedInSprint,
      backlog: autumn.unalignedBacklog,
      burnUps: true,
    });
    // Five days into a quarter, nothing has gone a fortnight without a check-in yet.
    expect(newYear.toCheckIn).toEqual([]);
    // The last closed sprint ended in the quarter before: its review is that quarter's, graded whole.
    const gym = must(preview?.homeProject, 'the demo project');
    const lastClosed = must(preview?.sprints().active, 'the running sprint').id - 1;
    const review = (await must(preview, 'the preview').forge.invoke({
      accountId: DEMO_ACCOUNT_IDS.sofia,
      moduleKey: 'outcomes-project-page',
      extension: { type: 'jira:projectPage', project: { id: gym.id, key: gym.key, type: 'software' } },
      functionKey: 'getSprintReview',
      payload: { sprintId: lastClosed },
    })) as { ok: true; data: SprintReviewData };
    expect(review.ok).toBe(true);
    expect(review.data.keyResults.length).toBeGreaterThan(0);
    expect(review.data.keyResults.every((keyResult) => keyResult.grade !== undefined)).toBe(true);
  });
});

describe('the demo’s organization OKRs', () => {
  it('has two yearly and four quarterly organization Objectives with Key Results and check-ins, which the agile coach reads and may not change', async () => {
    await firstLook(new Date('2026-11-23T12:00:00.000Z'));
    const asCoach = async <T>(functionKey: string, payload: unknown) => {
      const answer = (await must(preview, 'the preview').forge.invoke({ accountId: DEMO_ACCOUNT_IDS.kofi, moduleKey: 'outcomes-organization', extension: { type: 'jira:globalPage' }, functionKey, payload })) as
        | { ok: true; data: T }
        | { ok: false; error: { code: string; message: string } };
      return answer;
    };
    const year = await asCoach<OrganizationOkrsData>('getOrganizationOkrs', {});
    if (!year.ok) throw new Error(year.error.message);
    expect(year.data.cycle.id).toBe('2026');
    expect(year.data.canManage).toBe(false);
    // Written in one instant (the clock is pinned): in no particular order.
    expect(year.data.objectives.map((objective) => [objective.title, objective.keyResults.length]).sort()).toEqual([
      ['Become the gym members recommend to their friends', 3],
      ['Run every club at a profit', 3],
    ]);
    expect(year.data.objectives.flatMap((objective) => objective.keyResults).filter((keyResult) => keyResult.checkInCount > 0)).toHaveLength(5);
    const quarters = await Promise.all(['2026-Q4', '2026-Q3'].map((cycleId) => asCoach<OrganizationOkrsData>('getOrganizationOkrs', { cycleId })));
    const titles = quarters.map((answer) => (answer.ok ? answer.data.objectives.map((objective) => objective.title) : []));
    expect(titles.flat()).toHaveLength(4);
    const lastQuarter = must(quarters[1], 'Q3');
    expect(lastQuarter.ok && lastQuarter.data.objectives.map((objective) => objective.grade).sort()).toEqual([0.7, 0.85]);
    const refused = await asCoach('saveOrganizationObjective', { objective: { cycleId: '2026', title: 'Mine', status: 'draft' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('GYM aligns to them: a Product Goal serving this quarter’s Objective, three Objectives serving, one Key Result contributing (with TRN’s) to a Key Result whose progress comes from contributions', async () => {
    const page = await firstLook(new Date('2026-11-23T12:00:00.000Z'));
    expect(page.productGoal).toMatchObject({ text: expect.stringContaining('plan'), servesTitle: 'Members train with a plan, wherever they are', servesDeleted: false });
    const served = page.objectives.filter((objective) => objective.servesOrgObjectiveId).map((objective) => page.alignedTo[objective.servesOrgObjectiveId ?? '']);
    expect(served.sort()).toEqual(['Become the gym members recommend to their friends', 'Front desks spend their time on members, not admin', 'Members train with a plan, wherever they are']);
    const contributing = page.objectives.flatMap((objective) => objective.keyResults).filter((keyResult) => keyResult.contributesTo);
    expect(contributing.map((keyResult) => keyResult.title)).toEqual(['Bookings made in the app rather than at the desk']);
    const answer = (await must(preview, 'the preview').forge.invoke({ accountId: DEMO_ACCOUNT_IDS.kofi, moduleKey: 'outcomes-organization', extension: { type: 'jira:globalPage' }, functionKey: 'getOrganizationOkrs', payload: { cycleId: '2026-Q4' } })) as
      | { ok: true; data: OrganizationOkrsData }
      | { ok: false; error: { message: string } };
    if (!answer.ok) throw new Error(answer.error.message);
    const fromContributions = answer.data.objectives.flatMap((objective) => objective.keyResults).filter((keyResult) => keyResult.progressFrom === 'contributions');
    // Split across two teams, with weights: GYM's counts twice the trainer platform's.
    expect(fromContributions.map((keyResult) => [keyResult.title, answer.data.contributions[keyResult.id]?.count])).toEqual([['Bookings made in the app rather than at the desk', 2]]);
    const listed = answer.data.contributions[must(fromContributions[0], 'the Key Result').id]?.listed ?? [];
    expect(listed.map((contribution) => [contribution.projectKey, contribution.weight]).sort()).toEqual([
      ['GYM', 2],
      ['TRN', 1],
    ]);
    expect(must(fromContributions[0], 'the Key Result').progress).toBeCloseTo(answer.data.contributions[must(fromContributions[0], 'the Key Result').id]?.progress ?? -1);
  });
});
