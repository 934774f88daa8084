// Which Key Results a query measures: one small plain key each (`query-measure:<Key Result id>`, not a
// custom entity: the app's 20 are spoken for), written in the transaction that saves the Key Result,
// so the hourly refresh and a sprint close find them with one listing of the prefix (100 keys a page)
// instead of reading every project's Key Results. A registration whose Key Result is gone or no longer
// measured is dropped by the refresh that finds it so.
import { kvs, WhereConditions } from '@forge/kvs';
import type { Transaction } from './io';
import { queryAll } from './io';
import { ENTITY, INDEX, PAGE_SIZE, type StoredKeyResult } from './model';

interface QueryMeasureRecord {
  keyResultId: string;
  projectKey: string;
}

const PREFIX = 'query-measure:';
const keyOf = (keyResultId: string) => `${PREFIX}${keyResultId}`;

/** In the Key Result's save: registers it when a query measures it, else removes any registration. 1 operation. */
export function setMeasureRegistration(tx: Transaction, keyResult: Pick<StoredKeyResult, 'id' | 'projectKey' | 'measure'>): number {
  if (keyResult.measure) tx.set<QueryMeasureRecord>(keyOf(keyResult.id), { keyResultId: keyResult.id, projectKey: keyResult.projectKey });
  else tx.delete(keyOf(keyResult.id));
  return 1;
}

/** After an import (which brings Key Results whole): registers the project's query-measured Key Results (one query, a write each). */
export async function registerMeasuredOf(projectKey: string): Promise<void> {
  // The import is done whatever happens here: a failure is logged, and the Key Results it missed join
  // the refreshes at their next save (or the next import).
  try {
    const keyResults = await queryAll<StoredKeyResult>(ENTITY.keyResult, INDEX.byProject, [projectKey]);
    for (const keyResult of keyResults) {
      if (keyResult.measure) await kvs.set<QueryMeasureRecord>(keyOf(keyResult.id), { keyResultId: keyResult.id, projectKey: keyResult.projectKey });
    }
  } catch (error) {
    console.warn(`Outcomes: the query-measured Key Results imported into ${projectKey} were not all registered for refreshes`, error);
  }
}

/** The ids of the query-measured Key Results of one project, or of the whole site. */
export async function measuredKeyResultIds(projectKey?: string): Promise<string[]> {
  const records: QueryMeasureRecord[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(PREFIX)).limit(PAGE_SIZE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<QueryMeasureRecord>();
    records.push(...page.results.map((result) => result.value));
    cursor = page.nextCursor;
  } while (cursor);
  return records.filter((record) => !projectKey || record.projectKey === projectKey).map((record) => record.keyResultId);
}

/** Drops the registration of a Key Result found gone or no longer measured. */
export async function dropMeasureRegistration(keyResultId: string): Promise<void> {
  await kvs.delete(keyOf(keyResultId));
}
