// A sprint's work as the app keeps it, for the organization page's "how much of the running sprint
// serves a Key Result": the sprint's roster and the epics' roster (kept-flow.ts), which carry what
// the page counts each issue with; the kept facts of an issue or parent they hold by id alone; and each
// issue's links. Reads only, and no issue's history: a few batch reads per team, whatever the size of
// its project.
import { type CountedIssue, countedOfRoster } from '../domain/kept';
import { keptTalliesAndRosters, type RosterEntry } from './kept-flow';
import { KEPT_SCHEMA_VERSION, keptIssuesByIds, keptState } from './kept-issues';
import { getMany } from './io';
import type { IssueLinksDigest } from './links';
import { ENTITY } from './model';

export interface KeptSprintWork {
  /** The issues of the sprint's roster. */
  issues: CountedIssue[];
  /** Each issue's parent, for the sprint's issues and their parents. */
  parentOf: Map<string, string>;
  /** The Key Results each issue (of the sprint, or a parent of one) is linked to. */
  links: Map<string, string[]>;
  /** The team Objective of each Key Result linked, as the links record it. */
  objectiveOf: Map<string, string>;
}

/** Levels of parents whose links an issue inherits (domain/alignment.ts: INHERITED_LEVELS). */
const PARENT_LEVELS = 2;

/** The issues of a roster with their facts, and the ids of those it holds by id alone. */
function rosterFacts(entries: readonly RosterEntry[], sprintIds: number[]): { counted: Map<string, CountedIssue>; bare: string[] } {
  const counted = new Map<string, CountedIssue>();
  const bare: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') bare.push(entry);
    else counted.set(entry[0], countedOfRoster(entry, sprintIds));
  }
  return { counted, bare };
}

/** The sprint's kept work, or null while the project's kept issues are not complete (never gathered, being rebuilt, of an older shape). */
export async function keptSprintWork(projectKey: string, sprintId: number): Promise<KeptSprintWork | null> {
  const state = await keptState(projectKey);
  if (!state || state.status !== 'ready' || state.schemaVersion !== KEPT_SCHEMA_VERSION || state.tooFull) return null;
  const { rosters, upper } = await keptTalliesAndRosters(state, [], [sprintId]);
  const sprint = rosterFacts(rosters.get(sprintId) ?? [], [sprintId]);
  const known = new Map<string, CountedIssue>([...rosterFacts(upper, []).counted, ...sprint.counted]);
  if (sprint.bare.length > 0) for (const [id, issue] of await keptIssuesByIds(state, sprint.bare)) known.set(id, issue);
  const issues = [...sprint.counted.keys(), ...sprint.bare].flatMap((id) => known.get(id) ?? []);
  const parentOf = new Map<string, string>();
  let level: CountedIssue[] = issues;
  for (let depth = 0; depth < PARENT_LEVELS && level.length > 0; depth++) {
    for (const issue of level) if (issue.parentId) parentOf.set(issue.id, issue.parentId);
    const parentIds = [...new Set(level.flatMap((issue) => (issue.parentId ? [issue.parentId] : [])))];
    const missing = parentIds.filter((id) => !known.has(id));
    if (missing.length > 0) for (const [id, parent] of await keptIssuesByIds(state, missing)) known.set(id, parent);
    level = parentIds.flatMap((id) => known.get(id) ?? []);
  }
  const ids = [...new Set([...issues.map((issue) => issue.id), ...parentOf.values()])];
  const digests = ids.length > 0 ? await getMany<IssueLinksDigest>(ENTITY.issueDigest, ids) : new Map<string, IssueLinksDigest>();
  const ours = [...digests].map(([id, digest]) => [id, digest.links.filter((link) => link.projectKey === projectKey)] as const);
  const links = new Map(ours.map(([id, records]) => [id, records.map((link) => link.keyResultId)]));
  const objectiveOf = new Map(ours.flatMap(([, records]) => records.map((link) => [link.keyResultId, link.objectiveId] as const)));
  return { issues, parentOf, links, objectiveOf };
}
