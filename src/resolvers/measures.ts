// Key Results measured by Jira: the set-up a save brings (tried once, with the saver's rights) and
// "Refresh now". Only those who may write the project's OKRs set a query up or refresh it.
import type Resolver from '@forge/resolver';
import type { KeyResultView, QueryMeasure, QueryMeasureInput, ValidPayload } from '../contract';
import { projectAccess, requireEditor } from '../invocation/access';
import { defineResolvers, type Invocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { cycleOf, keyResultInProject } from '../invocation/lookups';
import { jiraAsUser } from '../jira/client';
import { MeasureError, measureValue } from '../jira/measure';
import { refreshKeyResult as refreshStored } from '../jobs/query-refresh';
import { keyResultView } from '../views/okrs';

/**
 * The measure to store and the value it reads now: the query is tried once, as the person saving it
 * (whose rights it keeps); a JQL Jira refuses, or a field that cannot be summed, is a VALIDATION error.
 */
export async function measureToSave(input: QueryMeasureInput, invocation: Invocation): Promise<{ measure: QueryMeasure; value: number }> {
  try {
    const value = await measureValue(jiraAsUser(), input, invocation.now);
    const measure: QueryMeasure = { jql: input.jql, fn: input.fn, ...(input.field ? { field: input.field } : {}), accountId: invocation.accountId, setAt: invocation.now.toISOString() };
    return { measure, value };
  } catch (error) {
    if (error instanceof MeasureError) throw new AppError('VALIDATION', error.message, `keyResult.measure.${error.field}`);
    throw error;
  }
}

async function refreshKeyResult(payload: ValidPayload<'refreshKeyResult'>, invocation: Invocation): Promise<KeyResultView> {
  const access = await projectAccess(invocation);
  requireEditor(access, 'refresh a Key Result’s query');
  const keyResult = await keyResultInProject(payload.keyResultId, invocation.projectKey, 'keyResultId');
  if (!keyResult.measure) throw new AppError('VALIDATION', 'This Key Result is typed, not measured by a Jira query: there is nothing to refresh.', 'keyResultId');
  const refreshed = await refreshStored(keyResult.id, invocation.accountId, invocation.now);
  if (!refreshed) throw new AppError('NOT_FOUND', `Key Result ${keyResult.id} no longer exists or is no longer measured by a query.`, 'keyResultId');
  return keyResultView(refreshed, cycleOf(refreshed.cycleId, access, invocation.now, 'keyResultId'), invocation.now, undefined, undefined, undefined, undefined, access.settings.staleCheckInDays);
}

export function registerMeasures(resolver: Resolver): void {
  defineResolvers(resolver, { refreshKeyResult });
}
