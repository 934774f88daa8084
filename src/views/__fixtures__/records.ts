// Plain OKR records for the views' unit tests: a quarter, an Objective and its Key Results, issues.
import type { Cycle, Objective, Settings } from '../../contract';
import type { IssueFacts } from '../../jira/issues';
import type { StoredKeyResult } from '../../store/model';

export const TODAY = new Date('2026-11-18T12:00:00.000Z');

export const Q4: Cycle = { id: '2026-Q4', name: 'Q4 2026', kind: 'quarter', startDate: '2026-10-01', endDate: '2026-12-31', state: 'active' };

export const SETTINGS: Settings = { okrLimit: 3, fiscalYearStartMonth: 1, cycleLength: 'quarter', productOwnerAccountIds: ['po'], staleCheckInDays: 14, version: 1 };

export function objective(id: string, extra: Partial<Objective> = {}): Objective {
  return { id, projectKey: 'GYM', cycleId: '2026-Q4', title: `Objective ${id}`, status: 'active', createdAt: `2026-10-0${id.length}T09:00:00.000Z`, updatedAt: '2026-10-01T09:00:00.000Z', version: 1, ...extra };
}

export function keyResult(id: string, objectiveId: string, extra: Partial<StoredKeyResult> = {}): StoredKeyResult {
  return {
    id,
    objectiveId,
    projectKey: 'GYM',
    cycleId: '2026-Q4',
    title: `Members reach goal ${id}`,
    metric: { direction: 'increase', start: 0, target: 10, current: 5 },
    weight: 1,
    createdAt: '2026-10-02T09:00:00.000Z',
    updatedAt: '2026-10-02T09:00:00.000Z',
    version: 1,
    checkIns: [],
    ...extra,
  };
}

export function issue(id: string, extra: Partial<IssueFacts> = {}): IssueFacts {
  return { id, key: `GYM-${id}`, summary: `Issue ${id}`, subtask: false, statusCategory: 'todo', issueType: 'Story', sprintIds: [], ...extra };
}
