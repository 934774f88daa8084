// Which Key Results a query measures: one small record each (entity `query-measure`, key = the Key
// Result's id), written in the transaction that saves the Key Result, so the hourly refresh and a
// sprint close find them with one query instead of reading every project's Key Results. A record whose
// Key Result is gone or no longer measured is dropped by the refresh that finds it so.
import { kvs } from '@forge/kvs';
import type { Transaction } from './io';
import { queryAll } from './io';
import { ENTITY, INDEX, type StoredKeyResult } from './model';

interface QueryMeasureRecord {
  keyResultId: string;
  projectKey: string;
  /** Always `site`: the partition of the index that lists them all. */
  site: 'site';
}

/** In the Key Result's save: registers it when a query measures it, else removes any registration. 1 operation. */
export function setMeasureRegistration(tx: Transaction, keyResult: Pick<StoredKeyResult, 'id' | 'projectKey' | 'measure'>): number {
  if (keyResult.measure) {
    tx.set<QueryMeasureRecord>(keyResult.id, { keyResultId: keyResult.id, projectKey: keyResult.projectKey, site: 'site' }, { entityName: ENTITY.queryMeasure });
  } else {
    tx.delete(keyResult.id, { entityName: ENTITY.queryMeasure });
  }
  return 1;
}

/** After an import (which brings Key Results whole): registers the project's query-measured Key Results (one query, a write each). */
export async function registerMeasuredOf(projectKey: string): Promise<void> {
  // The import is done whatever happens here: a failure is logged, and the Key Results it missed join
  // the refreshes at their next save (or the next import).
  try {
    const keyResults = await queryAll<StoredKeyResult>(ENTITY.keyResult, INDEX.byProject, [projectKey]);
    for (const keyResult of keyResults) {
      if (keyResult.measure) await kvs.entity<QueryMeasureRecord>(ENTITY.queryMeasure).set(keyResult.id, { keyResultId: keyResult.id, projectKey: keyResult.projectKey, site: 'site' });
    }
  } catch (error) {
    console.warn(`Outcomes: the query-measured Key Results imported into ${projectKey} were not all registered for refreshes`, error);
  }
}

/** The ids of the query-measured Key Results of one project, or of the whole site. */
export async function measuredKeyResultIds(projectKey?: string): Promise<string[]> {
  const records = projectKey
    ? await queryAll<QueryMeasureRecord>(ENTITY.queryMeasure, INDEX.byProject, [projectKey])
    : await queryAll<QueryMeasureRecord>(ENTITY.queryMeasure, INDEX.bySite, ['site']);
  return records.map((record) => record.keyResultId);
}

/** Drops the registration of a Key Result found gone or no longer measured. */
export async function dropMeasureRegistration(keyResultId: string): Promise<void> {
  await kvs.entity<QueryMeasureRecord>(ENTITY.queryMeasure).delete(keyResultId);
}
