// A board's closed sprints are kept, so a project page view reads from Jira only the running and
// planned ones (one call, however many sprints the board has had); a sprint closed since they were
// kept, its event missed, is still shown: the view sees a sprint kept as open is open no more, reads
// every sprint again, and hands on keeping them.
import type { JiraData } from '../local/jira/model';
import type { ProjectOverviewData } from '../src/contract';
import { fixture, NOW, pinClock } from './support/fixture';
import { dataOf, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

const SPRINTS = 'GET /rest/agile/1.0/board/{boardId}/sprint';
const DAY = 86_400_000;

let platform: TestPlatform;
beforeAll(() => pinClock(NOW));
afterAll(() => jest.useRealTimers());
afterEach(async () => {
  await platform.forge.queuesSettled();
  platform.close();
});

/** The fixture with 80 more closed sprints before its own, two weeks each: two pages of the board's sprints more. */
function longLivedBoard(): JiraData {
  const data = fixture(NOW);
  const older = Array.from({ length: 80 }, (_, index) => {
    const end = NOW.getTime() - (20 + 14 * (80 - index)) * DAY;
    return { id: 100 + index, name: `GYM Sprint −${80 - index}`, state: 'closed' as const, goal: '', originBoardId: 1, createdDate: new Date(end - 15 * DAY).toISOString(), startDate: new Date(end - 14 * DAY).toISOString(), endDate: new Date(end).toISOString(), completeDate: new Date(end).toISOString() };
  });
  return { ...data, sprints: [...older, ...data.sprints] };
}

const overview = async (): Promise<ProjectOverviewData> => dataOf(await platform.onProjectPage('sam', 'getProjectOverview'));
const shown = (page: ProjectOverviewData) => page.sprints.map((sprint) => `${sprint.id} ${sprint.state}`);

it('reads only the running and planned sprints once the closed ones are kept, and shows a sprint closed since', async () => {
  platform = startPlatform({ data: longLivedBoard() });
  platform.jira.calls.reset();
  const first = await overview();
  // Every sprint, 50 a page.
  expect(platform.jira.calls.byRoute[SPRINTS]).toBe(2);
  await platform.forge.queuesSettled();

  platform.jira.calls.reset();
  const next = await overview();
  expect(platform.jira.calls.byRoute[SPRINTS]).toBe(1);
  expect(shown(next)).toEqual(shown(first));
  expect(next.sprints).toEqual(first.sprints);

  // The running sprint closes; its event never reaches the app.
  platform.jira.closeSprint(2, { moveTo: 'backlog' });
  platform.jira.calls.reset();
  const closed = await overview();
  expect(must(closed.sprints.find((sprint) => sprint.id === 2), 'sprint 2').state).toBe('closed');
  expect(platform.jira.calls.byRoute[SPRINTS]).toBe(3);
  await platform.forge.queuesSettled();

  platform.jira.calls.reset();
  expect(shown(await overview())).toEqual(shown(closed));
  expect(platform.jira.calls.byRoute[SPRINTS]).toBe(1);
});
