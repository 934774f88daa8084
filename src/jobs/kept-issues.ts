// Keeping what Jira already told us (domain/kept.ts), in the background, on Forge's async events queue
// `kept-issues` (manifest `consumer`):
// - `rebuild`: reads every issue of a project into a new generation of kept issues, 20 search pages
//   (2,000 issues and their histories, two bulk changelog calls a page at most) an event, each event
//   pushing the next: a slice takes well under a minute, far inside the 900 s an event may run. Forge
//   refuses more than 1,000 pushes descending from one invocation (limits-async-events: "cyclic
//   invocation limit"), the view's own pushes included, so a chain pushes at most CHAIN_HOPS slices:
//   100,000 issues are 50 events, a million 500; past about 1.9 million the chain stops where it is
//   (`resumeToken`) and the next view's request goes on from there in a chain of its own. Jira does not
//   document how long a search's page token lasts: a token refused fails that slice like any Jira
//   error, and the rebuild, stale after REBUILD_STALE_MS, is started again by a later view.
//   The last slice works the Key Results' flow tallies and the sprints' rosters out from the new
//   generation whole, then switches to it: the page uses it from then on.
// - `reconcile`: applies what changed in the project since the kept watermark (one search, paged; the
//   histories of the issues whose status moved) and moves the watermark; once an hour (less often past
//   20,000 issues: `sweepEveryMs`) it also drops kept issues Jira no longer has (a missed deletion),
//   with a search of ids (5,000 a call), and at the first such sweep a day after the last it works every
//   flow tally and roster out again from what is kept.
// - `tally`: works every flow tally and roster of a project out again (after an import wrote links).
// A page view only reads what is kept and hands these writes here, so a read never writes itself.
// Jira is read as the app: what is kept are facts the page shows as counts and figures; any list of
// issues a person is shown is read again as that person, so issue-level security still applies.
import { InvocationError, Queue } from '@forge/events';
import { z } from 'zod';
import { ISSUES_PER_SEARCH, JiraError, jiraAsApp, type JiraClient } from '../jira/client';
import { type CountedIssue, countedOfRoster, isNotOlder, sameKept } from '../domain/kept';
import type { JiraFieldIds } from '../jira/fields';
import { changesSince, fieldsKeyOf, fieldsOfKey, keptFields, keptIssuesOf, projectIssuesJql, sprintIssuesJql } from '../jira/kept-work';
import { addTally, changeTally, emptyTally, type FlowTally } from '../domain/flow-tally';
import { changedRoster, keptTalliesAndRosters, oldTallyKeys, rosterChangesOf, sprintRosterChange, upperRosterChange } from '../store/kept-flow';
import { applyToKept, beginRebuild, boundsFor, deleteBuckets, ISSUES_PER_BUCKET, isCurrent, keptIssues, keptIssuesByIds, type KeptState, keptState, oldGenerationKeys, updateState } from '../store/kept-issues';
import { ENTITY } from '../store/model';
import { keepAndTally, TALLY_EVERY_MS, tallyAll } from './kept-tallies';
import { retryLaterOrThrow } from '../triggers/retry';
import { keepBoardSprints } from '../store/board-sprints';

export const KEPT_ISSUES_QUEUE = 'kept-issues';
/** Search pages (of 100 issues) one rebuild event reads. */
export const PAGES_PER_SLICE = 20;
/**
 * Slices one chain of rebuild events runs before it stops to be resumed: inside Forge's 1,000 pushes
 * from one invocation, with room for the view's other pushes (its request, the board's sprints, a
 * reconciliation) and the reconciliation the last slice asks for.
 */
export const CHAIN_HOPS = 990;
/** A rebuild that made no progress for this long stopped (its events were lost): the next view starts another. */
export const REBUILD_STALE_MS = 30 * 60 * 1000;
/** How often kept issues Jira no longer has are looked for, on a project of up to SWEPT_ISSUES_PER_HOUR issues. */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** The issues whose ids a sweep may read an hour, on average: four of Jira's id searches (5,000 ids each). */
export const SWEPT_ISSUES_PER_HOUR = 20_000;

/**
 * How often a project's kept issues Jira no longer has are looked for: every ⌈issues /
 * SWEPT_ISSUES_PER_HOUR⌉ hours (every hour up to 20,000 issues, every 5 at 100,000, every 50 at a
 * million), so that the sweep's reading of every id costs any project about four calls an hour.
 * Deletions arrive as `avi:jira:deleted:issue` events; the sweep only catches one that was missed.
 */
export function sweepEveryMs(state: Pick<KeptState, 'bounds'>): number {
  const issues = (state.bounds.length + 1) * ISSUES_PER_BUCKET;
  return SWEEP_EVERY_MS * Math.max(1, Math.ceil(issues / SWEPT_ISSUES_PER_HOUR));
}

const fieldId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).nullable();
const fieldsSchema = z.object({ sprint: fieldId, rank: fieldId, storyPoints: fieldId });
const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,99}$/);
const bodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rebuild'), projectKey, fields: fieldsSchema, generation: z.number().int().positive().optional(), nextPageToken: z.string().max(2000).optional(), hop: z.number().int().nonnegative().optional() }),
  z.object({ kind: z.literal('reconcile'), projectKey, fields: fieldsSchema }),
  z.object({ kind: z.literal('sprint'), sprintId: z.number().int().positive() }),
  z.object({ kind: z.literal('board-sprints'), boardId: z.number().int().positive() }),
  z.object({ kind: z.literal('tally'), projectKey }),
]);
type Body = z.infer<typeof bodySchema>;

const queue = () => new Queue({ key: KEPT_ISSUES_QUEUE });

/**
 * Asks for a rebuild or a reconciliation of a project's kept issues, with the fields the page read
 * them with. Answers false when the queue refused it (logged): the next view asks again.
 */
export async function requestKeptWork(kind: 'rebuild' | 'reconcile', key: string, fields: JiraFieldIds): Promise<boolean> {
  try {
    await queue().push({ body: { kind, projectKey: key, fields } });
    return true;
  } catch (error) {
    console.warn(`Outcomes: the ${kind} of ${key}'s kept issues could not be queued`, error);
    return false;
  }
}

/** `chainHops`: the slices one chain runs before it stops to be resumed (CHAIN_HOPS; less in a test of that stop). */
export async function handleKeptIssues(event: unknown, jira: () => JiraClient = () => jiraAsApp(), now: () => Date = () => new Date(), chainHops = CHAIN_HOPS): Promise<{ issues: number } | InvocationError> {
  const parsed = bodySchema.safeParse((event as { body?: unknown } | null)?.body);
  if (!parsed.success) {
    console.warn('Outcomes: ignoring a kept-issues event of an unexpected shape', parsed.error.issues[0]);
    return { issues: 0 };
  }
  const body = parsed.data;
  try {
    if (body.kind === 'sprint') return await sprintIssues(body.sprintId, jira());
    if (body.kind === 'board-sprints') return await keepSprintsOfBoard(jira(), body.boardId, now());
    if (body.kind === 'tally') return await tallyProject(body.projectKey);
    return body.kind === 'rebuild' ? await rebuildSlice(body, jira(), now(), chainHops) : await reconcile(body, jira(), now());
  } catch (error) {
    const of = body.kind === 'sprint' ? `sprint ${body.sprintId}` : body.kind === 'board-sprints' ? `board ${body.boardId}` : body.projectKey;
    return retryLaterOrThrow(error, event, `Keeping the issues of ${of} (${body.kind})`);
  }
}

async function rebuildSlice(body: Extract<Body, { kind: 'rebuild' }>, jira: JiraClient, now: Date, chainHops: number): Promise<{ issues: number }> {
  const fieldsKey = fieldsKeyOf(body.fields);
  const current = await keptState(body.projectKey);
  let state: KeptState | null = current;
  const resumable = current?.status === 'rebuilding' && current.fieldsKey === fieldsKey ? current.resumeToken : undefined;
  if (body.generation === undefined && resumable) {
    // A rebuild whose chain stopped at Forge's limit: this request's chain goes on from where it
    // stopped, once (the state forgets the place first), as an event of the rebuild's generation, so
    // that a retry of it is a slice like any other.
    const resumed = await updateState(body.projectKey, (latest) => (latest.generation === current?.generation && latest.resumeToken === resumable ? { ...latest, resumeToken: undefined, touchedAt: now.toISOString() } : null));
    if (resumed) await queue().push({ body: { ...body, generation: resumed.generation, nextPageToken: resumable, hop: 0 } });
    return { issues: 0 };
  } else if (body.generation === undefined) {
    // Views ask again while a rebuild runs: only the first starts one.
    if (current?.status === 'rebuilding' && current.fieldsKey === fieldsKey && now.getTime() - Date.parse(current.touchedAt) < REBUILD_STALE_MS) return { issues: 0 };
    // Buckets of a few hundred issues each, from the project's ids (5,000 a call).
    const bounds = boundsFor(await jira.searchIssueIds(projectIssuesJql(body.projectKey)));
    state = await beginRebuild(body.projectKey, { fieldsKey, bounds, now: now.toISOString(), staleAfterMs: REBUILD_STALE_MS });
    if (!state) return { issues: 0 };
  } else if (!state || state.generation !== body.generation || state.status !== 'rebuilding') {
    return { issues: 0 }; // Another rebuild took over, or this one finished (a repeated event).
  }
  // A slice delivered twice (Forge delivers at least once) reads its pages twice: what it keeps is the
  // same, the newer read of an issue winning; the two chains meet again at the last page.
  let token = body.nextPageToken;
  let issues = 0;
  for (let page = 0; page < PAGES_PER_SLICE; page++) {
    const read = await jira.searchIssuesPage(projectIssuesJql(body.projectKey), keptFields(body.fields), token);
    await applyToKept(state, { issues: await keptIssuesOf(jira, read.issues, body.fields, new Map()), deleted: [] });
    issues += read.issues.length;
    token = read.nextPageToken;
    if (!token) break;
  }
  const generation = state.generation;
  if (token) {
    const hop = body.generation === undefined ? 1 : (body.hop ?? 0) + 1;
    const resumeToken = hop >= chainHops ? token : undefined;
    await updateState(body.projectKey, (current) => (current.generation === generation ? { ...current, touchedAt: now.toISOString(), ...(resumeToken ? { resumeToken } : {}) } : null));
    if (!resumeToken) await queue().push({ body: { ...body, generation, nextPageToken: token, hop } });
    return { issues };
  }
  // While a generation is rebuilt only its slices write it, so its tallies are worked out from it whole
  // before the page uses it; what changed meanwhile, the reconciliation below adds as differences.
  await tallyAll(state);
  // sweptAt: issues deleted while the rebuild read are looked for at once.
  const done = await updateState(body.projectKey, (current) =>
    current.generation === generation ? { ...current, status: 'ready', touchedAt: now.toISOString(), talliedAt: now.toISOString(), sweptAt: new Date(0).toISOString() } : null,
  );
  if (done) {
    await deleteBuckets(await oldGenerationKeys(done));
    await deleteBuckets(await oldTallyKeys(done.projectKey, done.generation), ENTITY.keptFlow);
  }
  // What changed while the rebuild read is caught up at once (the watermark is when it started).
  if (done) await queue().push({ body: { kind: 'reconcile', projectKey: body.projectKey, fields: body.fields } });
  return { issues };
}

async function reconcile(body: Extract<Body, { kind: 'reconcile' }>, jira: JiraClient, now: Date): Promise<{ issues: number }> {
  const state = await keptState(body.projectKey);
  if (!state || !isCurrent(state, fieldsKeyOf(body.fields))) return { issues: 0 };
  // Once an hour (less often on a large project) every kept issue is read, to find those Jira no longer
  // has; once a day the tallies are then worked out again from them. Otherwise only what changed is read.
  const sweep = now.getTime() - Date.parse(state.sweptAt) >= sweepEveryMs(state);
  const all = sweep ? await keptIssues(state) : null;
  const changed = await changesSince(jira, { projectKey: body.projectKey, since: state.watermark, now, ids: body.fields, keptOf: (ids) => (all ? Promise.resolve(all) : keptIssuesByIds(state, ids)) });
  const deleted = all ? await goneFromJira(jira, body.projectKey, all) : [];
  const applied = await keepAndTally(state, { issues: changed.issues, deleted });
  const tallyDue = all !== null && now.getTime() - Date.parse(state.talliedAt ?? state.rebuildStartedAt) >= TALLY_EVERY_MS;
  if (tallyDue) await tallyAll(state);
  // The watermark never goes back (another reconciliation may have moved it further); the sweep and
  // the tally are recorded even when it stays (a clock that has not moved since).
  await updateState(body.projectKey, (current) => {
    const onward = Date.parse(current.watermark) < Date.parse(changed.searchedAt);
    if (current.generation !== state.generation || (!onward && !sweep && !tallyDue)) return null;
    return { ...current, ...(onward ? { watermark: changed.searchedAt } : {}), ...(sweep ? { sweptAt: changed.searchedAt } : {}), ...(tallyDue ? { talliedAt: changed.searchedAt } : {}) };
  });
  return { issues: applied };
}

/**
 * Asks for every tally of a project to be worked out again (after an import wrote links). Answers
 * false when the queue refused it (logged): the daily tally mends them.
 */
export async function requestTally(projectKey: string): Promise<boolean> {
  try {
    await queue().push({ body: { kind: 'tally', projectKey } });
    return true;
  } catch (error) {
    console.warn(`Outcomes: tallying ${projectKey}'s flow figures again could not be queued`, error);
    return false;
  }
}

/**
 * Asks for the issues of a sprint that started or closed to be read again: closing a sprint moves its
 * unfinished work to the next one, and Jira is not documented to send an issue event for each.
 * Answers false when the queue refused it (logged): the next view's reconciliation catches up.
 */
export async function requestSprintIssues(sprintId: number): Promise<boolean> {
  try {
    await queue().push({ body: { kind: 'sprint', sprintId } });
    return true;
  } catch (error) {
    console.warn(`Outcomes: reading sprint ${sprintId}'s issues again could not be queued`, error);
    return false;
  }
}

/**
 * Asks for a board's sprints to be kept (see store/board-sprints.ts), for a view that found none kept.
 * Answers false when the queue refused it (logged): the next view asks again.
 */
export async function requestBoardSprints(boardId: number): Promise<boolean> {
  try {
    await queue().push({ body: { kind: 'board-sprints', boardId } });
    return true;
  } catch (error) {
    console.warn(`Outcomes: keeping board ${boardId}'s sprints could not be queued`, error);
    return false;
  }
}

/** Reads every sprint of the board, as the app, and keeps its closed ones; a board gone or hidden keeps nothing. */
export async function keepSprintsOfBoard(jira: JiraClient, boardId: number, now: Date): Promise<{ issues: number }> {
  try {
    await keepBoardSprints(boardId, await jira.sprintsOfBoard(boardId), now);
  } catch (error) {
    if (!(error instanceof JiraError) || (error.status !== 403 && error.status !== 404)) throw error;
  }
  return { issues: 0 };
}

/** Reads the sprint's issues again into the kept issues of each project they belong to (projects nobody viewed are left out). */
async function sprintIssues(sprintId: number, jira: JiraClient): Promise<{ issues: number }> {
  const found = await jira.searchIssues(sprintIssuesJql(sprintId), ['project']);
  const byProject = new Map<string, string[]>();
  for (const issue of found) {
    const key = (issue.fields.project as { key?: unknown } | undefined)?.key;
    if (typeof key === 'string') byProject.set(key, [...(byProject.get(key) ?? []), issue.id]);
  }
  let applied = 0;
  for (const [key, ids] of byProject) {
    const state = await keptState(key);
    // A generation being rebuilt is written by its slices only; its reconciliation catches up.
    if (state?.status !== 'ready') continue;
    const fields = fieldsOfKey(state.fieldsKey);
    const [kept, read] = await Promise.all([keptIssuesByIds(state, ids), jira.issuesByIds(ids, keptFields(fields))]);
    applied += await keepAndTally(state, { issues: await keptIssuesOf(jira, read, fields, kept), deleted: [] });
  }
  return { issues: applied };
}

/** Works every tally of the project's complete kept issues out again. */
async function tallyProject(projectKey: string): Promise<{ issues: number }> {
  const state = await keptState(projectKey);
  if (state?.status === 'ready') await tallyAll(state);
  return { issues: 0 };
}

/** Kept issues the project's search no longer finds: deleted (or moved to another project). */
async function goneFromJira(jira: JiraClient, key: string, kept: ReadonlyMap<string, unknown>): Promise<string[]> {
  const present = new Set(await jira.searchIssueIds(projectIssuesJql(key)));
  return [...kept.keys()].filter((id) => !present.has(id));
}

/** A project's kept state: read alongside the page's first reads. */
export interface KeptOfProject {
  state: KeptState | null;
}

export async function keptOfProject(key: string): Promise<KeptOfProject> {
  return { state: await keptState(key) };
}

/**
 * What the page counts with, from the kept issues: each Key Result's flow tally, the ids of the kept
 * issues in the cycle's sprints (their rosters), and the kept facts of those issues and of the parents
 * of the issues it counts, with what changed since the last reconciliation.
 */
export interface KeptFigures {
  tallies: ReadonlyMap<string, FlowTally>;
  issues: ReadonlyMap<string, CountedIssue>;
  /** The issues of the cycle's sprints, each once. */
  sprintIssueIds: string[];
}

/** What the page gives to be counted: its Key Results' links, the cycle's sprints, and the parents of the backlog's first page. */
export interface PageScope {
  links: ReadonlyArray<{ issueId: string; keyResultId: string }>;
  sprintIds: readonly number[];
  backlogParents: readonly string[];
}

/**
 * What the project page counts with. `current` says whether the kept issues can answer: when not
 * (never gathered, of an older shape, read with other fields, or being rebuilt), a rebuild is asked
 * for unless one is under way, the page says so and works its figures out from Jira itself. When they
 * can, `figures` are read: the tallies of the page's Key Results, and the kept facts of the issues it
 * counts, with what changed since the last reconciliation (one search as the viewer, histories only
 * of issues whose status moved) added. The page never reads every kept issue. The view writes
 * nothing: when it found changes the kept issues miss (a missed event), it asks the queue to apply them.
 */
export function keptForPage(
  jira: JiraClient,
  loaded: KeptOfProject,
  at: { projectKey: string; fields: JiraFieldIds; now: Date; scope: PageScope },
  warnings: Array<{ code: string; message: string }>,
): { current: boolean; figures: Promise<KeptFigures | null> } {
  // Without the site's fields (Jira did not give them just now) nothing kept can be matched to them.
  if (warnings.some((warning) => warning.code === 'FIELDS_UNAVAILABLE')) return { current: false, figures: Promise.resolve(null) };
  const fieldsKey = fieldsKeyOf(at.fields);
  const { state } = loaded;
  if (!state || !isCurrent(state, fieldsKey)) {
    const running = state?.status === 'rebuilding' && state.fieldsKey === fieldsKey && !state.resumeToken && at.now.getTime() - Date.parse(state.touchedAt) < REBUILD_STALE_MS;
    warnings.push({
      code: 'FIGURES_REBUILDING',
      message: `Outcomes is gathering the history of ${at.projectKey}'s issues in the background; until it has, this page reads it from Jira on every view and may load slowly.`,
    });
    return { current: false, figures: (running ? Promise.resolve(true) : requestKeptWork('rebuild', at.projectKey, at.fields)).then(() => null) };
  }
  return { current: true, figures: reconciled(jira, state, at, warnings) };
}

async function reconciled(
  jira: JiraClient,
  state: KeptState,
  at: { projectKey: string; fields: JiraFieldIds; now: Date; scope: PageScope },
  warnings: Array<{ code: string; message: string }>,
): Promise<KeptFigures> {
  const keyResultIds = [...new Set(at.scope.links.map((link) => link.keyResultId))];
  const [{ tallies, rosters, upper }, changed] = await Promise.all([keptTalliesAndRosters(state, keyResultIds, at.scope.sprintIds), changedSinceKept(jira, state, at, warnings)]);
  // What changed since the last reconciliation, as the queue will keep it: the tallies and the rosters follow.
  const missed = (changed?.issues ?? []).filter((issue) => isNotOlder(issue, changed?.before.get(issue.id)) && !sameKept(issue, changed?.before.get(issue.id)));
  const figures = new Map(tallies);
  const moves = rosterChangesOf(missed.map((issue) => ({ ...(changed?.before.get(issue.id) ? { before: changed.before.get(issue.id) } : {}), after: issue })));
  for (const [sprintId, roster] of rosters) {
    const move = sprintRosterChange(moves, sprintId);
    if (move) rosters.set(sprintId, changedRoster(roster, move));
  }
  const upperMove = upperRosterChange(moves);
  const epics = upperMove ? changedRoster(upper, upperMove) : upper;
  if (missed.length > 0) {
    const missedIds = new Set(missed.map((issue) => issue.id));
    const linkedTo = new Map<string, string[]>();
    for (const link of at.scope.links) if (missedIds.has(link.issueId)) linkedTo.set(link.issueId, [...(linkedTo.get(link.issueId) ?? []), link.keyResultId]);
    // The tallies as read are left as they are: a difference goes to a copy.
    const copied = new Set<string>();
    for (const issue of missed) {
      const difference = changeTally(changed?.before.get(issue.id), issue);
      for (const keyResultId of linkedTo.get(issue.id) ?? []) {
        const tally = copied.has(keyResultId) ? (figures.get(keyResultId) as FlowTally) : structuredClone(figures.get(keyResultId) ?? emptyTally());
        copied.add(keyResultId);
        figures.set(keyResultId, addTally(tally, difference));
      }
    }
  }
  // The sprints' issues as counted from their rosters' facts; those held by id alone (on every roster
  // that holds them) are read from their buckets.
  const counted = new Map<string, CountedIssue>();
  for (const [sprintId, roster] of rosters) {
    for (const entry of roster) {
      if (typeof entry === 'string') continue;
      const known = counted.get(entry[0]);
      if (known) known.sprintIds?.push(sprintId);
      else counted.set(entry[0], countedOfRoster(entry, [sprintId]));
    }
  }
  const bare = new Set<string>();
  for (const [sprintId, roster] of rosters) {
    for (const entry of roster) {
      if (typeof entry !== 'string') continue;
      const known = counted.get(entry);
      if (known) known.sprintIds?.push(sprintId);
      else bare.add(entry);
    }
  }
  const sprintIssueIds = [...new Set([...counted.keys(), ...bare])];
  const upperFacts = new Map(epics.flatMap((entry) => (typeof entry === 'string' ? [] : [[entry[0], countedOfRoster(entry, [])] as const])));
  const issues = await keptInScope(state, { counted, bare: [...bare], upper: upperFacts }, at.scope.backlogParents);
  for (const issue of missed) issues.set(issue.id, issue);
  const sweepDue = at.now.getTime() - Date.parse(state.sweptAt) >= sweepEveryMs(state);
  // Also when the search grew past a page: moving the watermark keeps the next views' search small.
  if (changed && (missed.length > 0 || sweepDue || changed.found > ISSUES_PER_SEARCH)) await requestKeptWork('reconcile', at.projectKey, at.fields);
  else if (!changed && sweepDue) await requestKeptWork('reconcile', at.projectKey, at.fields);
  return { tallies: figures, issues, sprintIssueIds };
}

/** What changed since the kept watermark, with what was kept of it; null (with a warning) when Jira could not say just now. */
async function changedSinceKept(jira: JiraClient, state: KeptState, at: { projectKey: string; fields: JiraFieldIds; now: Date }, warnings: Array<{ code: string; message: string }>) {
  try {
    return await changesSince(jira, { projectKey: at.projectKey, since: state.watermark, now: at.now, ids: at.fields, keptOf: (ids) => keptIssuesByIds(state, ids) });
  } catch (error) {
    if (!(error instanceof JiraError)) throw error;
    warnings.push({ code: 'FIGURES_MAY_LAG', message: `What changed in Jira since ${state.watermark.slice(0, 16).replace('T', ' ')} UTC could not be read just now: the figures may miss it. Reload in a minute.` });
    return null;
  }
}

/**
 * The kept facts of the sprints' issues and of the parents of the issues the page counts (an issue
 * serves what its parent and grandparent serve, so each parent's own parent must be known): those on
 * the sprints' rosters and on the epics' roster with their facts as they are; the rest (issues held by
 * id alone, parents that are neither on a sprint nor epics, the backlog's parents) from the buckets
 * that keep them, in two rounds of batch reads at most, the second for the parents of the issues held
 * by id alone. On most projects the rosters hold them all, and no bucket is read.
 */
async function keptInScope(
  state: KeptState,
  rostered: { counted: ReadonlyMap<string, CountedIssue>; bare: readonly string[]; upper: ReadonlyMap<string, CountedIssue> },
  backlogParents: readonly string[],
): Promise<Map<string, CountedIssue>> {
  const issues = new Map<string, CountedIssue>(rostered.counted);
  for (const [id, epic] of rostered.upper) if (!issues.has(id)) issues.set(id, epic);
  const missing = (ids: Iterable<string>) => [...new Set(ids)].filter((id) => !issues.has(id));
  const parentsOf = (ids: Iterable<string>) => missing([...ids].flatMap((id) => issues.get(id)?.parentId ?? []));
  const first = missing([...rostered.bare, ...backlogParents, ...parentsOf(rostered.counted.keys())]);
  if (first.length === 0) return issues;
  for (const [id, issue] of await keptIssuesByIds(state, first)) issues.set(id, issue);
  const second = parentsOf(rostered.bare);
  if (second.length > 0) for (const [id, issue] of await keptIssuesByIds(state, second)) issues.set(id, issue);
  return issues;
}
