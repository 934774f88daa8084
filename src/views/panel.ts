// The issue panel as the UI shows it: the issue, and each Key Result it serves (directly or through
// a parent) as it is now; and the picker's Key Results matching a query. Pure: plain data in, views out.
import type { Cycle, IssueLink, IssuePanelData, IssueSummary, KeyResultView, Objective, Settings, SprintState, Warning } from '../contract';
import { cycleById, quarterOf } from '../domain/cycles';
import type { IssueFacts } from '../jira/issues';
import type { IssueLinkRecord } from '../store/links';
import type { StoredKeyResult } from '../store/model';
import { keyResultView } from './okrs';

export interface PanelInput {
  /** The panel's project: links into another project's Key Results (through a parent there) are not shown. */
  projectKey: string;
  issue: IssueFacts;
  /** Every sprint the issue has been in, as its Sprint field names them (none when the site's field is unknown). */
  sprints?: ReadonlyArray<{ name: string; state: SprintState }>;
  /** The links of the issue and of its parents. */
  links: readonly IssueLinkRecord[];
  keyResults: ReadonlyMap<string, StoredKeyResult>;
  objectives: ReadonlyMap<string, Objective>;
  settings: Settings;
  canLink: boolean;
  now: Date;
  warnings: Warning[];
}

/** The cycle running now, by the project's fiscal year. */
export const currentCycle = (fiscalYearStartMonth: number, now: Date): Cycle => quarterOf(now, fiscalYearStartMonth, now);

export function issuePanelView(input: PanelInput): IssuePanelData {
  const { issue, settings, now } = input;
  return {
    issue: {
      key: issue.key,
      summary: issue.summary,
      statusCategory: issue.statusCategory,
      issueType: issue.issueType,
      ...(issue.parentKey ? { parentKey: issue.parentKey } : {}),
      ...sprintShown(input.sprints ?? []),
    },
    links: linkViews(input),
    canLink: input.canLink,
    cycle: currentCycle(settings.fiscalYearStartMonth, now),
    warnings: input.warnings,
  };
}

/**
 * The sprint the issue is in: the running one, else the planned one it waits in, else the last closed
 * one it was in (Jira lists an issue's sprints oldest first).
 */
function sprintShown(sprints: ReadonlyArray<{ name: string; state: SprintState }>): Pick<IssueSummary, 'sprint'> {
  const sprint = sprints.find((each) => each.state === 'active') ?? sprints.find((each) => each.state === 'future') ?? sprints.at(-1);
  return sprint ? { sprint: { name: sprint.name, state: sprint.state } } : {};
}

/** Each link with its Key Result and Objective as they are now; links to deleted Key Results, or to another project's, are left out. */
function linkViews({ projectKey, links, issue, keyResults, objectives, settings, now }: PanelInput): IssueLink[] {
  const seen = new Set<string>();
  const views: IssueLink[] = [];
  // Direct links first, so a Key Result served both directly and through a parent shows as direct.
  const ordered = [...links].sort((a, b) => Number(b.issueId === issue.id) - Number(a.issueId === issue.id) || a.linkedAt.localeCompare(b.linkedAt));
  for (const link of ordered) {
    const keyResult = keyResults.get(link.keyResultId);
    const objective = keyResult ? objectives.get(keyResult.objectiveId) : undefined;
    if (!keyResult || !objective || seen.has(keyResult.id)) continue;
    if (link.projectKey !== projectKey || keyResult.projectKey !== projectKey || objective.projectKey !== projectKey) continue;
    seen.add(keyResult.id);
    const cycle = cycleById(keyResult.cycleId, settings.fiscalYearStartMonth, now) ?? currentCycle(settings.fiscalYearStartMonth, now);
    views.push({
      keyResultId: keyResult.id,
      via: link.issueId === issue.id ? 'issue' : 'parent',
      ...(link.issueId === issue.id ? {} : { fromIssueKey: link.issueKey }),
      keyResult: keyResultView(keyResult, cycle, now, undefined, undefined, undefined, undefined, settings.staleCheckInDays),
      objective,
    });
  }
  return views;
}

/**
 * Whether work may be linked to an Objective's Key Results: not while it is a draft (it may still
 * change or go), nor once it is dropped.
 */
export const takesLinks = (objective: Pick<Objective, 'status'>): boolean => objective.status !== 'draft' && objective.status !== 'dropped';

/** The picker: the cycle's Key Results of Objectives taking links (see `takesLinks`) whose title or Objective's title holds every word of the query. */
export function keyResultMatches(
  okrs: { objectives: Objective[]; keyResults: StoredKeyResult[] },
  query: string | undefined,
  cycle: Cycle,
  now: Date,
  staleCheckInDays?: number,
): Array<{ keyResult: KeyResultView; objective: Objective }> {
  const objectiveById = new Map(okrs.objectives.filter(takesLinks).map((objective) => [objective.id, objective]));
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return okrs.keyResults.flatMap((keyResult) => {
    const objective = objectiveById.get(keyResult.objectiveId);
    if (!objective) return [];
    const text = `${keyResult.title} ${objective.title}`.toLowerCase();
    return words.every((word) => text.includes(word)) ? [{ keyResult: keyResultView(keyResult, cycle, now, undefined, undefined, undefined, undefined, staleCheckInDays), objective }] : [];
  });
}
