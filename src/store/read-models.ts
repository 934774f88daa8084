// Reads shaped for a screen: each gathers, in as few batch reads as the platform allows, the typed
// records one surface needs, so no caller knows an entity, a key or a batch size.
import type { Objective, Settings } from '../contract';
import { getRecords } from './io';
import { type IssueLinkRecord, issueDigestKeys, linksFromDigests } from './links';
import { ENTITY, INDEX, sprintReviewKey, type StoredKeyResult } from './model';
import { cycleUnder } from './okrs';
import { settingsFromRecord } from './settings';
import { reviewsOfCycle, type SprintReviewRecord } from './sprint-reviews';
import { readVisible, visibleBatch, visibleMany, visibleQuery, visibleRecords } from './visibility';

export interface PanelReadModel {
  /** The panel's own project: the only one whose Key Results it shows. */
  projectKey: string;
  settings: Settings;
  /** The links of the issue and of its parents into the project's Key Results. */
  links: IssueLinkRecord[];
  /** Each linked Key Result and its Objective as they are now (deleted ones are absent). */
  keyResults: Map<string, StoredKeyResult>;
  objectives: Map<string, Objective>;
}

/**
 * The links of the issue and its parents, and the project's settings, in one batch read (the issues'
 * link digests); then each link's Key Result and Objective as they are now, in another (a link names
 * both; a Key Result never changes Objective).
 */
export async function panelReadModel(projectKey: string, issueIds: readonly string[]): Promise<PanelReadModel> {
  // The settings, Key Results and Objectives as readers see them while an import is written: those
  // from before it (visibility.ts). An import changes no link before it is visible.
  const { read: first, stageId } = await visibleBatch(projectKey, [{ entityName: ENTITY.settings, key: projectKey }, ...issueDigestKeys(projectKey, issueIds)]);
  // A parent may be in another project (Jira allows it in company-managed projects): only links into
  // this project's Key Results show here, whoever may browse the other project.
  const links = (await linksFromDigests(projectKey, issueIds, first)).filter((link) => link.projectKey === projectKey);
  const read = await visibleRecords(
    stageId,
    links.flatMap((link) => [
      { entityName: ENTITY.keyResult, key: link.keyResultId },
      { entityName: ENTITY.objective, key: link.objectiveId },
    ]),
  );
  const keyResults = new Map<string, StoredKeyResult>();
  const objectives = new Map<string, Objective>();
  for (const link of links) {
    const keyResult = read(ENTITY.keyResult, link.keyResultId) as StoredKeyResult | undefined;
    const objective = read(ENTITY.objective, link.objectiveId) as Objective | undefined;
    if (keyResult?.projectKey === projectKey) keyResults.set(keyResult.id, keyResult);
    if (objective?.projectKey === projectKey) objectives.set(objective.id, objective);
  }
  return { projectKey, settings: settingsFromRecord(first(ENTITY.settings, projectKey), undefined), links, keyResults, objectives };
}

/** The Key Results among `ids` that exist in the project, by id, as its readers see them: one batch read per 25. */
export async function keyResultsOfProject(projectKey: string, ids: string[]): Promise<Map<string, StoredKeyResult>> {
  const found = await readVisible(projectKey, (stageId) => visibleMany<StoredKeyResult>(stageId, ENTITY.keyResult, ids));
  return new Map([...found].filter(([, keyResult]) => keyResult.projectKey === projectKey));
}

/** The Objectives among `ids` that exist in the project, by id, as its readers see them: one batch read per 25. */
export async function objectivesOfProject(projectKey: string, ids: string[]): Promise<Map<string, Objective>> {
  const found = await readVisible(projectKey, (stageId) => visibleMany<Objective>(stageId, ENTITY.objective, ids));
  return new Map([...found].filter(([, objective]) => objective.projectKey === projectKey));
}

/** The sprint reviews of several cycles (a year's are its quarters': each review is filed under the quarter its sprint ended in), as readers see them. */
export async function reviewsOfCycles(projectKey: string, cycleIds: readonly string[]): Promise<SprintReviewRecord[]> {
  return readVisible(projectKey, (stageId) => reviewsUnder(projectKey, cycleIds, stageId));
}

async function reviewsUnder(projectKey: string, cycleIds: readonly string[], stageId: string | null): Promise<SprintReviewRecord[]> {
  const perCycle = await Promise.all(
    cycleIds.map((cycleId) =>
      reviewsOfCycle(projectKey, cycleId).then((live) =>
        visibleQuery(stageId, { entityName: ENTITY.sprintReview, index: INDEX.byCycle, partition: [projectKey, cycleId], range: 'closedAt' }, live, (review) => sprintReviewKey(projectKey, review.sprintId)),
      ),
    ),
  );
  return perCycle.flat();
}

/**
 * The cycle's Objectives and Key Results and the Sprint Reviews of `reviewCycleIds`, as one visible
 * read (visibility.ts): the two queries run together and the import marker is read again once after
 * both, not once after each.
 */
export async function cycleAndReviews(projectKey: string, cycleId: string, reviewCycleIds: readonly string[]): Promise<{ okrs: { objectives: Objective[]; keyResults: StoredKeyResult[] }; reviews: SprintReviewRecord[] }> {
  return readVisible(projectKey, async (stageId) => {
    const [okrs, reviews] = await Promise.all([cycleUnder(projectKey, cycleId, stageId), reviewsUnder(projectKey, reviewCycleIds, stageId)]);
    return { okrs, reviews };
  });
}

/** The links of each issue given into the project's Key Results: one batch read per 25 issues (their digests). */
export async function linksOfIssuesInProject(projectKey: string, issueIds: readonly string[]): Promise<IssueLinkRecord[]> {
  const unique = [...new Set(issueIds)];
  if (unique.length === 0) return [];
  const read = await getRecords(issueDigestKeys(projectKey, unique));
  return (await linksFromDigests(projectKey, unique, read)).filter((link) => link.projectKey === projectKey);
}

/** The sprint's review in the project as readers see it (the one from before an import being written: visibility.ts), or null. One batch read. */
export async function sprintReviewAsSeen(projectKey: string, sprintId: number): Promise<SprintReviewRecord | null> {
  const key = sprintReviewKey(projectKey, sprintId);
  const { read } = await visibleBatch(projectKey, [{ entityName: ENTITY.sprintReview, key }]);
  return (read(ENTITY.sprintReview, key) as SprintReviewRecord | undefined) ?? null;
}
