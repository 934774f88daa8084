import type { KeyResultView, ObjectiveView } from '../../../../../src/contract';

export interface IndexedKeyResult {
  keyResult: KeyResultView;
  objective: ObjectiveView;
}

/** Every Key Result of the cycle by id, with its Objective: sprints and backlog items name them by id. */
export function keyResultIndex(objectives: ObjectiveView[]): Map<string, IndexedKeyResult> {
  const index = new Map<string, IndexedKeyResult>();
  for (const objective of objectives) {
    for (const keyResult of objective.keyResults) index.set(keyResult.id, { keyResult, objective });
  }
  return index;
}

/** The Key Results an id list names, in the list's order; ids of Key Results deleted since drop out. */
export function keyResultsOf(ids: string[], index: Map<string, IndexedKeyResult>): IndexedKeyResult[] {
  return ids.flatMap((id) => {
    const found = index.get(id);
    return found ? [found] : [];
  });
}
