// A sprint's work as the app keeps it, for the organization page's "how much of the running sprint
// serves a Key Result": the sprint's roster (kept-flow.ts), the kept facts of its issues and of their
// parents and grandparents (whose links they inherit), and each issue's links. Reads only, and no
// issue's history: a handful of batch reads per team, whatever the size of its project.
import type { KeptIssue } from '../domain/kept';
import { keptTalliesAndRosters } from './kept-flow';
import { KEPT_SCHEMA_VERSION, keptIssuesByIds, keptState } from './kept-issues';
import { getMany } from './io';
import type { IssueLinksDigest } from './links';
import { ENTITY } from './model';

export interface KeptSprintWork {
  /** The kept issues of the sprint's roster. */
  issues: KeptIssue[];
  /** Each issue's parent, for the sprint's issues and their parents. */
  parentOf: Map<string, string>;
  /** The Key Results each issue (of the sprint, or a parent of one) is linked to. */
  links: Map<string, string[]>;
}

/** Levels of parents whose links an issue inherits (domain/alignment.ts: INHERITED_LEVELS). */
const PARENT_LEVELS = 2;

/** The sprint's kept work, or null while the project's kept issues are not complete (never gathered, being rebuilt, of an older shape). */
export async function keptSprintWork(projectKey: string, sprintId: number): Promise<KeptSprintWork | null> {
  const state = await keptState(projectKey);
  if (!state || state.status !== 'ready' || state.schemaVersion !== KEPT_SCHEMA_VERSION || state.tooFull) return null;
  const roster = (await keptTalliesAndRosters(state, [], [sprintId])).rosters.get(sprintId) ?? [];
  const kept = await keptIssuesByIds(state, roster);
  const issues = roster.flatMap((id) => kept.get(id) ?? []);
  const parentOf = new Map<string, string>();
  let level = issues;
  for (let depth = 0; depth < PARENT_LEVELS && level.length > 0; depth++) {
    for (const issue of level) if (issue.parentId) parentOf.set(issue.id, issue.parentId);
    const missing = [...new Set(level.flatMap((issue) => (issue.parentId && !kept.has(issue.parentId) ? [issue.parentId] : [])))];
    const parents = missing.length > 0 ? await keptIssuesByIds(state, missing) : new Map<string, KeptIssue>();
    for (const [id, parent] of parents) kept.set(id, parent);
    level = [...new Set(level.flatMap((issue) => (issue.parentId ? [issue.parentId] : [])))].flatMap((id) => kept.get(id) ?? []);
  }
  const ids = [...new Set([...roster, ...parentOf.values()])];
  const digests = ids.length > 0 ? await getMany<IssueLinksDigest>(ENTITY.issueDigest, ids) : new Map<string, IssueLinksDigest>();
  const links = new Map([...digests].map(([id, digest]) => [id, digest.links.filter((link) => link.projectKey === projectKey).map((link) => link.keyResultId)]));
  return { issues, parentOf, links };
}
