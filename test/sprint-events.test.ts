// The sprint-event trigger, delivered as Forge delivers it, recording into the emulated storage.
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { sprintEventsOfBoard } from '../src/store/sprint-events';
import { sprintEventHandler } from '../src/index';
import { startPlatform, type TestPlatform } from './support/platform';

const closedEvent = {
  eventType: 'avi:jira-software:closed:sprint',
  sprint: {
    id: 7,
    self: 'https://gymtonic.atlassian.net/rest/agile/1.0/sprint/7',
    state: 'closed',
    name: 'GYM Sprint 7',
    startDate: '2026-10-26T09:00:00.000Z',
    endDate: '2026-11-06T17:00:00.000Z',
    completeDate: '2026-11-06T16:30:00.000Z',
    originBoardId: 1,
    goal: 'Members can book a class from the timetable',
  },
  atlassianId: '5d6f2b8e4c1a90006e3f7a21',
};

describe('sprint events', () => {
  let platform: TestPlatform;
  beforeEach(() => {
    platform = startPlatform();
  });
  afterEach(() => platform.close());

  const deliver = (event: Record<string, unknown>) =>
    platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: sprintEventHandler, event });

  it('records a closed sprint once, however often Jira delivers the event', async () => {
    // No OKRs in the store: the close is recorded, and no review is opened.
    expect(await deliver(closedEvent)).toEqual({ recorded: true, reviewsOpened: [] });
    expect(await deliver(closedEvent)).toEqual({ recorded: false, reviewsOpened: [] });
    const events = await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: () => sprintEventsOfBoard(1), event: {} });
    expect(events).toEqual([
      expect.objectContaining({ kind: 'closed', sprintId: 7, boardId: 1, sprintName: 'GYM Sprint 7', occurredAt: '2026-11-06T16:30:00.000Z' }),
    ]);
  });

  it('records the start and the close of a sprint as two events', async () => {
    await deliver({ ...closedEvent, eventType: 'avi:jira-software:started:sprint', sprint: { ...closedEvent.sprint, state: 'active' } });
    await deliver(closedEvent);
    const events = (await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: () => sprintEventsOfBoard(1), event: {} })) as Array<{ kind: string; occurredAt: string }>;
    expect(events.map((event) => [event.kind, event.occurredAt])).toEqual([
      ['started', '2026-10-26T09:00:00.000Z'],
      ['closed', '2026-11-06T16:30:00.000Z'],
    ]);
  });

  it('ignores an event of another shape without writing anything', async () => {
    platform.kvs.resetCallCount();
    expect(await deliver({ eventType: 'avi:jira-software:closed:sprint', sprint: { name: 'no id' } })).toEqual({ recorded: false });
    expect(platform.kvs.callCount).toBe(0);
  });
});

describe('the local runtime, delivering events as Forge does', () => {
  let platform: TestPlatform;
  beforeEach(() => {
    platform = startPlatform();
  });
  afterEach(() => platform.close());

  it('delivers an event again while its trigger returns an InvocationError, four times at most, with the retry context Forge gives', async () => {
    const seen: unknown[] = [];
    const handler = async (event: unknown) => {
      seen.push((event as { retryContext?: unknown }).retryContext);
      return new InvocationError({ retryAfter: 3600, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST, retryData: { attempt: seen.length } });
    };
    await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler, event: closedEvent });
    expect(seen).toEqual([undefined, 1, 2, 3, 4].map((retryCount, index) => (retryCount ? { retryCount, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: { attempt: index } } : undefined)));
    // A wait longer than Forge's 900 s is lowered to it; after the fourth redelivery the event is dropped.
    expect(platform.forge.deliveries.map((delivery) => [delivery.outcome, delivery.retryAfter])).toEqual([
      ['retry', 900],
      ['retry', 900],
      ['retry', 900],
      ['retry', 900],
      ['dropped', undefined],
    ]);
  });

  it('does not deliver again an event whose trigger threw', async () => {
    let calls = 0;
    const handler = async () => {
      calls += 1;
      throw new Error('Something broke');
    };
    await expect(platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler, event: closedEvent })).rejects.toThrow('Something broke');
    expect(calls).toBe(1);
    expect(platform.forge.deliveries).toEqual([expect.objectContaining({ retryCount: 0, outcome: 'threw' })]);
  });
});
