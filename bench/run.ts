// `npm run bench`: generates tenants of 500, 5,000 and 20,000 issues (100,000 on request:
// `--sizes=500,5000,20000,100000`), seeds Outcomes' storage, and measures each screen's resolver
// through the real handler against the emulated Jira and Forge storage with simulated latency; then
// what a team at work costs: the project page after 50 issue changes, and an hour of 200 changes and
// 100 page views (bench/changes.ts). Writes the results to BENCHMARKS.md, beside the figures from
// before issue 15 (bench/before.ts), and prints them.
//
// Then the organization page at 10 and 50 generated teams (bench/org.ts).
//
//   npm run bench -- [--jira-latency=50] [--kvs-latency=10] [--sizes=500,5000,20000] [--runs=N]
//                    [--org-teams=10,50] [--org-only] [--out=BENCHMARKS.md] [--no-write] [--build] [--live]
//   (or BENCH_JIRA_LATENCY_MS, BENCH_KVS_LATENCY_MS, BENCH_SIZES, BENCH_RUNS in the environment)
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, platform as osPlatform, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { BACKLOG_PAGE_SIZE, type Envelope } from '../src/contract';
import { BEFORE, HOUR_BEFORE } from './before';
import { bundleSize, ensureUiBuild, ROOT, UI_ENTRIES, type BundleSize } from './bundle';
import { TeamAtWork, runHourlyJobs } from './changes';
import { movePinnedClock, pinClock } from './clock';
import { BENCH_SEED, BENCH_TODAY, generateTenant, type Tenant } from './generate';
import { benchOrganization, ORG_OBJECTIVES, ORG_TEAM_SHAPE, type OrgResult } from './org';
import { leastIssuePanel, leastLinkIssue, leastOverview, leastSearchKeyResults, leastSprintReview, type Least } from './least';
import { measure, MEMORY_METHOD, type Measurement } from './measure';
import { startBenchPlatform, type BenchPlatform, type TracedCall } from './platform';
import { seedTenant, type SeedReport } from './seed';
import { must } from '../test/support/must';
import { Queue } from '@forge/events';

// ─── Options ───

interface Options {
  jiraLatencyMs: number;
  kvsLatencyMs: number;
  sizes: number[];
  runs: number | undefined;
  out: string | null;
  build: boolean;
  /** Replay the emulators' answers in the timed runs (default), or answer every call live (--live). */
  replay: boolean;
  /** The organization page's team counts (--org-teams; none with --org-teams=). */
  orgTeams: number[];
  /** Only the organization page (--org-only): no tenant of issues. */
  orgOnly: boolean;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg}`);
    flags.set(match[1] as string, match[2] ?? 'true');
  }
  const known = ['jira-latency', 'kvs-latency', 'sizes', 'runs', 'out', 'no-write', 'build', 'live', 'org-teams', 'org-only'];
  for (const flag of flags.keys()) if (!known.includes(flag)) throw new Error(`Unknown flag --${flag} (known: ${known.map((k) => `--${k}`).join(' ')})`);
  const number = (value: string | undefined, fallback: number, what: string): number => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${what} must be a non-negative number, not ${value}`);
    return n;
  };
  const sizes = (flags.get('sizes') ?? env.BENCH_SIZES ?? '500,5000,20000').split(',').map((s) => number(s.trim().replace(/_/g, ''), NaN, 'A size'));
  const runs = flags.get('runs') ?? env.BENCH_RUNS;
  const orgTeams = (flags.get('org-teams') ?? env.BENCH_ORG_TEAMS ?? '10,50').split(',').filter((s) => s.trim() !== '').map((s) => Math.round(number(s.trim(), NaN, 'A team count')));
  return {
    orgTeams,
    orgOnly: flags.has('org-only'),
    jiraLatencyMs: number(flags.get('jira-latency') ?? env.BENCH_JIRA_LATENCY_MS, 50, '--jira-latency'),
    kvsLatencyMs: number(flags.get('kvs-latency') ?? env.BENCH_KVS_LATENCY_MS, 10, '--kvs-latency'),
    sizes,
    runs: runs === undefined ? undefined : Math.max(1, Math.round(number(runs, 1, '--runs'))),
    out: flags.has('no-write') ? null : resolve(ROOT, flags.get('out') ?? 'BENCHMARKS.md'),
    build: flags.has('build'),
    replay: !flags.has('live'),
  };
}

// ─── Screens ───

export type ScreenId = 'overview' | 'panel-story' | 'panel-subtask' | 'search' | 'link' | 'review';

interface Screen {
  id: ScreenId;
  title: string;
  least: Least;
}

interface ScreenResult extends Screen {
  latency: Measurement;
  zero: Measurement;
}

interface Waterfall {
  label: string;
  calls: number;
  maxInFlight: number;
  firstStartMs: number;
  lastEndMs: number;
}

/** Jira and storage calls of one stretch of a scenario. */
interface Cost {
  jiraCalls: number;
  kvsCalls: number;
}

/** What a team at work costs (bench/changes.ts), counted live without latency. */
interface TeamResult {
  /** Whether the manifest subscribes the app to Jira's issue-updated event. */
  subscribed: boolean;
  /** 50 issue changes: what their events cost the app (nothing when it subscribes to none). */
  changes50: Cost & { changes: number; events: number };
  /** The project page viewed after those 50 changes. */
  afterChanges: Cost & { bytes: number };
  /** An hour of a busy team: run, or only bounded from below when one page view already costs too much. */
  hour:
    | { run: true; changes: number; views: number; jobs: number; events: Cost; pageViews: Cost; hourlyJobs: Cost; total: number }
    | { run: false; views: number; perView: number; atLeast: number };
}

/** One busy hour: 200 issue changes and 100 page views, one step every 12 s. */
const HOUR = { changes: 200, views: 100 } as const;
/**
 * The hour is run live only when a page view costs at most this many Jira calls: past it, 100 views
 * alone cost over 3,000 calls (3 × the target), and each of them takes the emulator seconds to answer
 * at 20,000 issues. The report then gives the lower bound 100 × a view's calls.
 */
const HOUR_RUN_MAX_CALLS_PER_VIEW = 30;

/** The full rebuild of the project's kept issues in background jobs, as the first view asks for it. */
interface RebuildResult {
  /** Deliveries of the kept-issues queue's events: the rebuild's slices and the reconciliation after them. */
  jobs: number;
  /** Of those, the ones that did not end `done` (a retry, a drop, a throw). */
  notDone: number;
  jira: number;
  kvs: number;
  pushes: number;
  /** From the request to the last job's end, with the latency per call. */
  wallMs: number;
  largestPayloadBytes: number;
  longestJobMs: number;
  longestJobCalls: { jira: number; kvs: number };
}

interface SizeResult {
  tenant: Pick<Tenant, 'size' | 'stats' | 'subjects'>;
  seed: SeedReport;
  generateMs: number;
  rebuild: RebuildResult;
  /** The first project page view after seeding (live, no latency, not measured): it also warms up the largest tenants. */
  firstViewMs: number;
  runs: number;
  screens: ScreenResult[];
  overviewWaterfall: Waterfall[];
  overviewTraceMs: number;
  /** The project page's answer by part, largest first. */
  overviewPartsText: string;
  checks: string[];
  team: TeamResult;
}

function waterfall(trace: TracedCall[], origin: number): Waterfall[] {
  const groups = new Map<string, TracedCall[]>();
  for (const call of trace) groups.set(call.label, [...(groups.get(call.label) ?? []), call]);
  return [...groups.entries()]
    .map(([label, calls]) => {
      const events = calls.flatMap((call) => [
        { at: call.start, delta: 1 },
        { at: call.end, delta: -1 },
      ]);
      events.sort((a, b) => a.at - b.at || a.delta - b.delta);
      let inFlight = 0;
      let maxInFlight = 0;
      for (const event of events) {
        inFlight += event.delta;
        maxInFlight = Math.max(maxInFlight, inFlight);
      }
      return {
        label,
        calls: calls.length,
        maxInFlight,
        firstStartMs: Math.min(...calls.map((call) => call.start)) - origin,
        lastEndMs: Math.max(...calls.map((call) => call.end)) - origin,
      };
    })
    .sort((a, b) => a.firstStartMs - b.firstStartMs || a.label.localeCompare(b.label));
}

async function benchSize(size: number, options: Options, log: (line: string) => void): Promise<SizeResult> {
  const generating = performance.now();
  const tenant = generateTenant(size);
  const generateMs = performance.now() - generating;
  log(`  generated ${tenant.stats.issues} issues, ${tenant.stats.links} links in ${Math.round(generateMs)} ms`);
  const platform: BenchPlatform = startBenchPlatform(tenant.data, tenant.subjects.projectKey);
  try {
    const seed = await seedTenant(platform, tenant);
    log(`  seeded (import, ${seed.transactions} link transactions, sprint review, ${seed.graded.length} grades) in ${Math.round(seed.ms)} ms`);
    // The full rebuild of the kept issues, as a first view asks for it (with the fields it reads them
    // with), in background jobs, with the latency per call. Asked for here rather than by a view: at
    // 100,000 issues the first view, working its figures out from Jira, reads every linked issue's
    // history, which the emulator answers by scanning in memory for many minutes.
    const rebuild = await measureRebuild(platform, tenant, options);
    log(`  rebuild: ${rebuild.jobs} jobs, ${rebuild.jira} Jira and ${rebuild.kvs} KVS calls, ${Math.round(rebuild.wallMs)} ms, largest event ${rebuild.largestPayloadBytes} B, longest job ${Math.round(rebuild.longestJobMs)} ms`);
    // One project page, not measured, and whatever background work it starts: on the largest tenants
    // it is the overview's warm-up (below).
    const firstView = performance.now();
    const first = await platform.onProjectPage('priya', 'getProjectOverview', {});
    if (!first.ok) throw new Error(`first getProjectOverview failed: ${first.error.message}`);
    if (first.data.warnings.some((warning) => warning.code === 'FIGURES_REBUILDING')) throw new Error('The first project page after the rebuild did not use the kept issues.');
    await platform.forge.queuesSettled();
    const firstViewMs = performance.now() - firstView;
    log(`  first project page (live, not measured) in ${Math.round(firstViewMs)} ms`);
    const { story, subtask, linkKeyResultId, reviewSprintId } = tenant.subjects;
    let linked = false;
    const calls: Record<ScreenId, () => Promise<Envelope<unknown>>> = {
      overview: () => platform.onProjectPage('priya', 'getProjectOverview', {}),
      'panel-story': () => platform.onIssuePanel('diego', 'getIssuePanel', story),
      'panel-subtask': () => platform.onIssuePanel('diego', 'getIssuePanel', subtask),
      search: () => platform.onIssuePanel('diego', 'searchKeyResults', story, {}),
      link: async () => {
        const answer = await platform.onIssuePanel('diego', 'linkIssue', story, { keyResultId: linkKeyResultId });
        linked = answer.ok;
        return answer;
      },
      review: () => platform.onProjectPage('priya', 'getSprintReview', { sprintId: reviewSprintId }),
    };
    // Between linkIssue runs, unlink again (not measured), so every run links for real.
    const unlink = async () => {
      if (!linked) return;
      const answer = await platform.onIssuePanel('diego', 'unlinkIssue', story, { keyResultId: linkKeyResultId });
      if (!answer.ok) throw new Error(`unlinkIssue failed: ${answer.error.message}`);
      linked = false;
    };
    const screens: Screen[] = [
      { id: 'overview', title: 'getProjectOverview (Product Owner)', least: leastOverview(tenant) },
      { id: 'panel-story', title: `getIssuePanel (story ${story}, epic parent)`, least: leastIssuePanel('story') },
      { id: 'panel-subtask', title: `getIssuePanel (sub-task ${subtask})`, least: leastIssuePanel('subtask') },
      { id: 'search', title: 'searchKeyResults (empty query, issue panel)', least: leastSearchKeyResults() },
      { id: 'link', title: `linkIssue (${story}; unlinked between runs)`, least: leastLinkIssue('story') },
      { id: 'review', title: `getSprintReview (sprint ${reviewSprintId}, ${seed.graded.length} graded)`, least: leastSprintReview(tenant, seed.graded.length > 0 ? 1 : 0) }, // every grade is Priya's
    ];
    const runs = options.runs ?? (size > 5000 ? 3 : 7);
    // The live runs without latency only give the CPU split: fewer of them on the largest tenant.
    const zeroRuns = options.runs ?? (size > 5000 ? 1 : 3);
    const results: ScreenResult[] = [];
    let overviewTraceMs = 0;
    let overviewWaterfall: Waterfall[] = [];
    let overviewData: unknown;
    for (const screen of screens) {
      const before = screen.id === 'link' ? unlink : undefined;
      // Live, with no latency: the CPU time of the app and the emulators together, and the emulators' part.
      platform.replay = false;
      platform.setLatency(0, 0);
      // (On the largest tenants the first project page above was the overview's warm-up: it costs ~20 s live at 20,000 issues.)
      const warmUps = size > 5000 && screen.id === 'overview' ? 0 : 1;
      const zero = await measure(platform, `${screen.id} at ${size}`, calls[screen.id], { runs: zeroRuns, warmUps, ...(before ? { before } : {}) });
      // With latency, and the emulators' answers replayed (see bench/platform.ts) unless --live.
      platform.replay = options.replay;
      platform.setLatency(options.jiraLatencyMs, options.kvsLatencyMs);
      const latency = await measure(platform, `${screen.id} at ${size}`, calls[screen.id], { runs, ...(before ? { before } : {}) });
      if (zero.jiraCalls !== latency.jiraCalls || zero.kvsCalls !== latency.kvsCalls) {
        throw new Error(`${screen.id} at ${size}: live and timed runs made different calls (${zero.jiraCalls}/${zero.kvsCalls} vs ${latency.jiraCalls}/${latency.kvsCalls})`);
      }
      if (screen.id === 'overview') {
        // One more run, traced, as the timed ones: where the project page's calls and time go.
        platform.trace = [];
        const origin = performance.now();
        const answer = await calls.overview();
        overviewTraceMs = performance.now() - origin;
        overviewWaterfall = waterfall(platform.trace, origin);
        platform.trace = null;
        if (!answer.ok) throw new Error(`traced overview failed: ${answer.error.message}`);
        overviewData = answer.data;
      }
      platform.replay = false;
      await unlink();
      results.push({ ...screen, latency, zero });
      log(
        `  ${screen.id.padEnd(13)} jira ${String(latency.jiraCalls).padStart(4)} (least ${screen.least.calls}) kvs ${String(latency.kvsCalls).padStart(3)} ` +
          `${kb(latency.bytes).padStart(9)} wall ${Math.round(latency.wallMs)} ms (0-latency ${Math.round(zero.wallMs)} ms, emulators ${Math.round(zero.emulatorCpuMs)} ms)`,
      );
    }

    // What the project page's answer is made of.
    const answer = overviewData as Record<string, unknown> & { objectives: Array<{ keyResults: Array<{ issues?: unknown[]; checkIns?: unknown[] }> }> };
    const size_ = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
    const keyResults = answer.objectives.flatMap((objective) => objective.keyResults);
    const linkedLists = keyResults.reduce((sum, kr) => sum + size_(kr.issues ?? []), 0);
    const checkInLists = keyResults.reduce((sum, kr) => sum + size_(kr.checkIns ?? []), 0);
    const overviewParts = Object.entries(answer)
      .map(([part, value]) => ({ part, bytes: size_(value) }))
      .sort((a, b) => b.bytes - a.bytes);
    const overviewPartsText = overviewParts
      .filter((entry) => entry.bytes >= 1000)
      .map((entry) =>
        entry.part === 'objectives'
          ? `objectives ${kb(entry.bytes)} (of which the Key Results' linked-issue lists ${kb(linkedLists)}, their check-ins ${kb(checkInLists)})`
          : `${entry.part} ${kb(entry.bytes)}`,
      )
      .join(', ');

    // Cross-checks of the generated tenant against what the app shows.
    const checks: string[] = [];
    const overview = overviewData as { backlog: unknown[]; objectives: Array<{ keyResults: Array<{ linkedIssues: { total: number } }> }>; sprints: unknown[] };
    const overviewScreen = screens.find((screen) => screen.id === 'overview');
    if (!overviewScreen) throw new Error('The benchmark measured no project page to check.');
    const least = overviewScreen.least.terms;
    const linkedShown = overview.objectives.flatMap((objective) => objective.keyResults).reduce((sum, kr) => sum + kr.linkedIssues.total, 0);
    const cycleLinks = tenant.links.filter((link) => link.cycleId === tenant.subjects.cycleId).length;
    // The page carries the backlog's first page; the rest comes with "Show more" (getBacklogPage).
    const firstPage = Math.min(BACKLOG_PAGE_SIZE, least.backlog ?? 0);
    checks.push(`backlog shown ${overview.backlog.length} = its first page of ${least.backlog} counted ${firstPage}: ${overview.backlog.length === firstPage ? 'yes' : 'NO'}`);
    checks.push(`sprints shown ${overview.sprints.length} = cycle sprints counted ${least.cycleSprints}: ${overview.sprints.length === least.cycleSprints ? 'yes' : 'NO'}`);
    checks.push(`linked issues shown (sum over Key Results) ${linkedShown} = links of the cycle ${cycleLinks}: ${linkedShown === cycleLinks ? 'yes' : 'NO'}`);
    const failedChecks = checks.filter((check) => check.endsWith(': NO'));
    if (failedChecks.length > 0) throw new Error(`The project page does not show the tenant: ${failedChecks.join('; ')}`);

    // A team at work: last, as it changes the tenant.
    const team = await teamAtWork(platform, tenant, must(results.find((result) => result.id === 'overview'), 'results.find((result) => result.id === \'overview\')').latency.jiraCalls, log);
    return {
      tenant: { size, stats: tenant.stats, subjects: tenant.subjects },
      seed,
      generateMs,
      rebuild,
      firstViewMs,
      runs,
      screens: results,
      overviewWaterfall,
      overviewTraceMs,
      overviewPartsText,
      checks,
      team,
    };
  } finally {
    platform.close();
  }
}

async function measureRebuild(platform: BenchPlatform, tenant: Tenant, options: Options): Promise<RebuildResult> {
  const { customFields } = tenant.data;
  const fields = { sprint: customFields.sprint, rank: customFields.rank, storyPoints: customFields.storyPoints };
  platform.replay = false;
  platform.setLatency(options.jiraLatencyMs, options.kvsLatencyMs);
  const from = platform.forge.deliveries.length;
  const started = performance.now();
  await platform.forge.deliverEvent({ moduleKey: 'bench', handler: () => new Queue({ key: 'kept-issues' }).push({ body: { kind: 'rebuild', projectKey: tenant.subjects.projectKey, fields } }), event: {} });
  await platform.forge.queuesSettled();
  const wallMs = performance.now() - started;
  platform.setLatency(0, 0);
  const jobs = platform.forge.deliveries.slice(from).filter((delivery) => delivery.moduleKey === 'kept-issues');
  const longest = jobs.reduce((a, b) => ((b.ms ?? 0) > (a?.ms ?? 0) ? b : a), jobs[0]);
  const sum = (of: (calls: { jira: number; kvs: number; pushes: number }) => number) => jobs.reduce((total, job) => total + (job.calls ? of(job.calls) : 0), 0);
  return {
    jobs: jobs.length,
    notDone: jobs.filter((job) => job.outcome !== 'done').length,
    jira: sum((calls) => calls.jira),
    kvs: sum((calls) => calls.kvs),
    pushes: sum((calls) => calls.pushes) + 1,
    wallMs,
    largestPayloadBytes: Math.max(0, ...jobs.map((job) => job.payloadBytes ?? 0)),
    longestJobMs: longest?.ms ?? 0,
    longestJobCalls: { jira: longest?.calls?.jira ?? 0, kvs: longest?.calls?.kvs ?? 0 },
  };
}

// ─── A team at work ───

const USERS_VIEWING = ['priya', 'sam', 'diego', 'mei'] as const;

/**
 * 50 issue changes, then one project page; then a busy hour. Counted live, without latency (only
 * calls and bytes are reported), with the pinned clock moving on as the changes happen.
 */
async function teamAtWork(platform: BenchPlatform, tenant: Tenant, unchangedViewCalls: number, log: (line: string) => void): Promise<TeamResult> {
  platform.replay = false;
  platform.setLatency(0, 0);
  platform.forgetAnswers();
  const team = await TeamAtWork.start(platform, tenant, BENCH_SEED + tenant.size);
  let now = Date.parse(tenant.today);
  const at = (stepMs: number) => {
    now += stepMs;
    movePinnedClock(new Date(now));
    return new Date(now);
  };
  const cost = (): Cost => ({ jiraCalls: platform.forge.calls.jira, kvsCalls: platform.forge.calls.kvs });
  const view = async (user: (typeof USERS_VIEWING)[number]) => {
    const answer = await platform.onProjectPage(user, 'getProjectOverview', {});
    if (!answer.ok) throw new Error(`getProjectOverview (${user}, team at work) failed: ${answer.error.message}`);
    await platform.forge.queuesSettled();
    return answer;
  };
  try {
    const started = performance.now();
    platform.resetCounts();
    let events = 0;
    for (let i = 0; i < 50; i++) events += (await team.change(at(60_000))).events;
    const changes50 = { ...cost(), changes: 50, events };
    platform.resetCounts();
    at(60_000);
    const answer = await view('priya');
    const afterChanges = { ...cost(), bytes: Buffer.byteLength(JSON.stringify(answer), 'utf8') };
    log(`  50 changes: events ${changes50.jiraCalls} Jira calls; then the project page ${afterChanges.jiraCalls} Jira calls (${Math.round(performance.now() - started)} ms)`);

    let hour: TeamResult['hour'];
    if (unchangedViewCalls > HOUR_RUN_MAX_CALLS_PER_VIEW) {
      hour = { run: false, views: HOUR.views, perView: unchangedViewCalls, atLeast: HOUR.views * unchangedViewCalls };
      log(`  busy hour: not run (a page view costs ${unchangedViewCalls} Jira calls: at least ${hour.atLeast})`);
    } else {
      const hourStarted = performance.now();
      const steps = HOUR.changes + HOUR.views;
      const stepMs = 3_600_000 / steps;
      const eventsCost: Cost = { jiraCalls: 0, kvsCalls: 0 };
      const viewsCost: Cost = { jiraCalls: 0, kvsCalls: 0 };
      const add = (into: Cost, from: Cost) => {
        into.jiraCalls += from.jiraCalls;
        into.kvsCalls += from.kvsCalls;
      };
      let changes = 0;
      let views = 0;
      for (let step = 0; step < steps; step++) {
        at(stepMs);
        platform.resetCounts();
        // Every third step a page view (by each of the team in turn), the others an issue change.
        if (step % 3 === 2) {
          await view(must(USERS_VIEWING[views % USERS_VIEWING.length], 'USERS_VIEWING[views % USERS_VIEWING.length]'));
          views += 1;
          add(viewsCost, cost());
        } else {
          await team.change(new Date(now));
          changes += 1;
          add(eventsCost, cost());
        }
        // On the largest tenants the hour takes minutes: say how far it is.
        if ((step + 1) % 50 === 0) log(`    busy hour: ${step + 1} of ${steps} steps, ${eventsCost.jiraCalls + viewsCost.jiraCalls} Jira calls so far (${Math.round(performance.now() - hourStarted)} ms)`);
      }
      // The app's own hourly jobs, once in the hour.
      platform.resetCounts();
      const jobs = await runHourlyJobs(platform);
      const jobsCost = cost();
      hour = { run: true, changes, views, jobs, events: eventsCost, pageViews: viewsCost, hourlyJobs: jobsCost, total: eventsCost.jiraCalls + viewsCost.jiraCalls + jobsCost.jiraCalls };
      log(`  busy hour: ${hour.total} Jira calls (events ${eventsCost.jiraCalls}, views ${viewsCost.jiraCalls}, hourly jobs ${jobsCost.jiraCalls}) in ${Math.round(performance.now() - hourStarted)} ms`);
    }
    return { subscribed: team.subscribed, changes50, afterChanges, hour };
  } finally {
    movePinnedClock(BENCH_TODAY);
  }
}

// ─── Report ───

const kb = (bytes: number) => `${(bytes / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`;
const mb = (bytes: number) => `${(bytes / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 2 })} MB`;
const ms = (value: number) => Math.round(value).toLocaleString('en-US');
const int = (value: number) => value.toLocaleString('en-US');

interface Target {
  what: string;
  measured: string;
  met: boolean | null;
}

/** "1,577 → " when the hour was measured at this size before (bench/before.ts), else nothing. */
const hourBefore = (size: number) => {
  const before = HOUR_BEFORE.bySize.get(size);
  return before === undefined ? '' : `${int(before)} → `;
};

/**
 * Issue 15's targets, at every size measured: the project page's calls when nothing changed (its timed
 * runs) and after 50 issue changes, its time and bytes, the issue panel's calls, an hour of a busy
 * team, and the project page's first-load JS.
 */
function scaleTargets(results: SizeResult[], bundles: BundleSize[], options: Options): Target[] {
  const list: Target[] = [];
  const add = (what: string, answer: [string, boolean] | null) => list.push({ what, measured: answer ? answer[0] : 'not measured', met: answer ? answer[1] : null });
  const defaults = options.jiraLatencyMs === 50 && options.kvsLatencyMs === 10;
  const latencyNote = defaults ? '' : ` (measured at ${options.jiraLatencyMs}/${options.kvsLatencyMs} ms, not the default 50/10)`;
  for (const result of results) {
    const size = `${int(result.tenant.size)} issues`;
    const screen = (id: ScreenId) => must(result.screens.find((candidate) => candidate.id === id), 'result.screens.find((candidate) => candidate.id === id)');
    const overview = screen('overview').latency;
    const { team } = result;
    add(`${size}: project page at most 12 Jira calls when nothing changed`, [`${overview.jiraCalls}`, overview.jiraCalls <= 12]);
    add(`${size}: project page at most 15 Jira calls after 50 issue changes`, [`${team.afterChanges.jiraCalls}`, team.afterChanges.jiraCalls <= 15]);
    add(`${size}: project page within 600 ms${latencyNote}`, [`${ms(overview.wallMs)} ms`, overview.wallMs <= 600]);
    add(`${size}: project page at most 300 KB to the UI`, [kb(overview.bytes), overview.bytes <= 300_000]);
    for (const id of ['panel-story', 'panel-subtask'] as const) {
      const panel = screen(id).latency;
      add(`${size}: issue panel (${id === 'panel-story' ? 'story' : 'sub-task'}) at most 3 Jira and 3 KVS calls`, [
        `${panel.jiraCalls} Jira, ${panel.kvsCalls} KVS`,
        panel.jiraCalls <= 3 && panel.kvsCalls <= 3,
      ]);
    }
    const { hour } = team;
    add(
      `${size}: an hour of ${HOUR.changes} issue changes and ${HOUR.views} page views at most 1,000 Jira calls`,
      hour.run ? [`${hourBefore(result.tenant.size)}${int(hour.total)}`, hour.total <= 1000] : [`at least ${int(hour.atLeast)} (not run: ${hour.views} views × ${hour.perView})`, false],
    );
  }
  const rebuilt = results.find((result) => result.tenant.size >= 100_000);
  add(
    'A full rebuild of 100,000 issues completes in background jobs without hitting a limit',
    rebuilt
      ? [
          `${int(rebuilt.rebuild.jobs)} jobs (${rebuilt.rebuild.notDone} not done), ${int(rebuilt.rebuild.pushes)} pushes of 1,000, largest event ${kb(rebuilt.rebuild.largestPayloadBytes)} of 100 KB, longest job ${(rebuilt.rebuild.longestJobMs / 1000).toFixed(1)} s of 900 s`,
          rebuilt.rebuild.notDone === 0 && rebuilt.rebuild.pushes <= 1000 && rebuilt.rebuild.largestPayloadBytes <= 100 * 1024 && rebuilt.rebuild.longestJobMs <= 900_000,
        ]
      : null,
  );
  const projectPage = bundles.find((candidate) => candidate.entry === 'project-page');
  add('Project page first-load JS at most 200 KB gzipped', projectPage ? [kb(projectPage.jsGzipBytes), projectPage.jsGzipBytes <= 200_000] : null);
  return list;
}

/** Running sprints one organization page reads (ORG_TEAM_SPRINTS_READ). */
const SPRINTS_READ = 20;

/** The organization page's targets (issue 17), each with why. */
const ORG_TARGETS_WHY = [
  '- *Jira calls* at most 2 + ⌈T/50⌉ + 2R: the global permission (mypermissions) and one bulk permission check, the teams\' project ids 50 a call, and two a running sprint read (the team\'s Scrum board, its active sprint: Jira answers one board a call), only for the first 20 teams; never an issue search or an issue\'s history.',
  '- *KVS calls* at most 30 + ⌈T/25⌉ + 5R: the organization\'s and the teams\' OKRs read by cycle across projects and the contributions by organization Key Result (queries whose number does not grow with the teams), the teams\' settings 25 a batch, and per running sprint read its kept state, roster, link digests, Sprint Goal and the Key Results it is tied to: so, past 20 teams, only the settings grow.',
  '- *Bytes to the UI* at most 20 KB + 2 KB a team: the Objectives, then per team its standing, its cells and its sentences; with the 100 teams listed at most, 220 KB, far inside Forge\'s 5 MB answer.',
  '- *Wall* within 1.5 s at the default latencies, the project page\'s budget at 5,000 issues: the running sprints are read 4 at once and for 20 teams at most, so the time stops growing past 20 teams.',
];
function orgTargets(orgResults: OrgResult[], options: Options): Target[] {
  const defaults = options.jiraLatencyMs === 50 && options.kvsLatencyMs === 10;
  const latencyNote = defaults ? '' : ` (measured at ${options.jiraLatencyMs}/${options.kvsLatencyMs} ms, not the default 50/10)`;
  return orgResults.flatMap((result): Target[] => {
    const teams = result.teams;
    const read = Math.min(teams, SPRINTS_READ);
    const jiraMax = 2 + Math.ceil(teams / 50) + 2 * read;
    const kvsMax = 30 + Math.ceil(teams / 25) + 5 * read;
    const bytesMax = 20_000 + 2_000 * Math.min(teams, 100);
    const m = result.latency;
    return [
      { what: `${teams} teams: organization page at most 2 + ⌈${teams}/50⌉ + 2 × ${read} running sprints = ${jiraMax} Jira calls`, measured: `${m.jiraCalls}`, met: m.jiraCalls <= jiraMax },
      { what: `${teams} teams: organization page at most 30 + ⌈${teams}/25⌉ + 5 × ${read} = ${kvsMax} KVS calls`, measured: `${m.kvsCalls}`, met: m.kvsCalls <= kvsMax },
      { what: `${teams} teams: organization page at most ${kb(bytesMax)} to the UI (20 KB + 2 KB a team)`, measured: kb(m.bytes), met: m.bytes <= bytesMax },
      { what: `${teams} teams: organization page within 1.5 s${latencyNote}`, measured: `${ms(m.wallMs)} ms`, met: m.wallMs <= 1500 },
    ];
  });
}

function organizationSection(orgResults: OrgResult[]): string[] {
  if (orgResults.length === 0) return [];
  const lines = [
    '## The organization page',
    '',
    `\`getOrganizationOkrs\` as the agile coach, on the fiscal year, for an organization of generated teams (bench/org.ts): ${ORG_OBJECTIVES.length} organization Objectives of two Key Results; each team a project with a Scrum board and a running sprint of ${ORG_TEAM_SHAPE.stories} stories (the first with ${ORG_TEAM_SHAPE.subtasksOfFirstStory} sub-tasks), an Objective aligned to one organization Objective and a Key Result contributing to another's; ${ORG_TEAM_SHAPE.linkedToAligned} stories linked to the first, ${ORG_TEAM_SHAPE.linkedToContributing} to the second. All put into storage through the app's resolvers (linkIssue for the links) and its kept-issues queue. The viewer may browse every team. Same latencies and replay as above; median of the timed runs.`,
    '',
    '| teams | running sprints read | Jira calls | KVS calls | bytes to UI | wall (ms) | CPU: app (ms) | CPU: emulators (ms) | peak heap |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of orgResults) {
    const m = result.latency;
    lines.push(
      `| ${result.teams} | ${result.sprintsRead} | ${int(m.jiraCalls)} | ${int(m.kvsCalls)} | ${kb(m.bytes)} | ${ms(m.wallMs)} | ${ms(result.zero.wallMs - result.zero.emulatorCpuMs)} | ${ms(result.zero.emulatorCpuMs)} | ${mb(m.heapPeakBytes)} |`,
    );
  }
  lines.push('');
  for (const result of orgResults) {
    lines.push(
      `${result.teams} teams: Jira ${Object.entries(result.latency.jiraByRoute).map(([route, count]) => `${route} × ${count}`).join(', ')}; KVS ${Object.entries(result.latency.kvsByPath).map(([path, count]) => `${path} × ${count}`).join(', ')}. Checks: ${result.checks.join('; ')}.`,
      '',
    );
  }
  return lines;
}

/** The targets set before issue 15, still checked. Judged on the timed runs: with latency, and replayed unless --live. */
function targets(results: SizeResult[], bundles: BundleSize[], options: Options): Target[] {
  const at = (size: number) => results.find((result) => result.tenant.size === size);
  const screen = (size: number, id: ScreenId) => at(size)?.screens.find((candidate) => candidate.id === id);
  const list: Target[] = [];
  const add = (what: string, value: () => [string, boolean] | null) => {
    const answer = value();
    list.push({ what, measured: answer ? answer[0] : 'not measured', met: answer ? answer[1] : null });
  };
  const defaults = options.jiraLatencyMs === 50 && options.kvsLatencyMs === 10;
  const latencyNote = defaults ? '' : ` (measured at ${options.jiraLatencyMs}/${options.kvsLatencyMs} ms, not the default 50/10)`;
  const overview5k = screen(5000, 'overview');
  add(`5,000 issues: project page within 1.5 s${latencyNote}`, () => (overview5k ? [`${ms(overview5k.latency.wallMs)} ms`, overview5k.latency.wallMs <= 1500] : null));
  add('5,000 issues: project page Jira calls within 1.2 × the least', () =>
    overview5k ? [`${overview5k.latency.jiraCalls} / ${overview5k.least.calls} = ${(overview5k.latency.jiraCalls / overview5k.least.calls).toFixed(2)} ×`, overview5k.latency.jiraCalls <= 1.2 * overview5k.least.calls] : null,
  );
  // Was 10, when a view read every kept issue in one query (whose bytes grew with the project): the
  // Key Results' tallies and the sprints' rosters (25 a batch) and the records of the issues counted
  // now stand for it, a few more calls of a size that does not grow with the project's history.
  add('5,000 issues: project page at most 14 KVS calls', () => (overview5k ? [`${overview5k.latency.kvsCalls}`, overview5k.latency.kvsCalls <= 14] : null));
  add('5,000 issues: project page returns at most 1 MB', () => (overview5k ? [mb(overview5k.latency.bytes), overview5k.latency.bytes <= 1_000_000] : null));
  for (const id of ['panel-story', 'panel-subtask'] as const) {
    const panel = screen(5000, id);
    const label = id === 'panel-story' ? 'story' : 'sub-task';
    add(`5,000 issues: issue panel (${label}) within 3 Jira and 3 KVS calls`, () =>
      panel ? [`${panel.latency.jiraCalls} Jira, ${panel.latency.kvsCalls} KVS`, panel.latency.jiraCalls <= 3 && panel.latency.kvsCalls <= 3] : null,
    );
  }
  const bundle = (entry: string) => bundles.find((candidate) => candidate.entry === entry);
  add('Issue panel first-load JS within 120 KB gzipped', () => {
    const size = bundle('issue-panel');
    return size ? [kb(size.jsGzipBytes), size.jsGzipBytes <= 120_000] : null;
  });
  add('Project page first-load JS within 300 KB gzipped', () => {
    const size = bundle('project-page');
    return size ? [kb(size.jsGzipBytes), size.jsGzipBytes <= 300_000] : null;
  });
  const overview20k = screen(20000, 'overview');
  add(`20,000 issues: project page well inside Forge's 25 s (at most half: 12.5 s)${latencyNote}`, () =>
    overview20k ? [`${ms(overview20k.latency.wallMs)} ms`, overview20k.latency.wallMs <= 12_500] : null,
  );
  add("20,000 issues: project page well inside Forge's 5 MB response (at most half: 2.5 MB)", () =>
    overview20k ? [mb(overview20k.latency.bytes), overview20k.latency.bytes <= 2_500_000] : null,
  );
  return list;
}

/** The code measured: the commit, and the files of src/ and local/ changed since (read-only git). */
function codeVersion(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
    const changed = execSync('git status --porcelain -- src local', { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.slice(3).trim())
      .filter(Boolean);
    return changed.length > 0 ? `commit ${head} with uncommitted changes in ${changed.join(', ')}` : `commit ${head}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function render(results: SizeResult[], bundles: BundleSize[], options: Options, startedAt: Date, totalMs: number, orgResults: OrgResult[] = []): string {
  const cpu = cpus();
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; the whole run took ${(totalMs / 1000).toFixed(0)} s.`,
    '',
    `- Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${osPlatform()} ${release()}, Node ${process.version}.`,
    `- Code: ${codeVersion()}.`,
    `- Simulated latency per call: Jira ${options.jiraLatencyMs} ms, Forge storage (KVS) ${options.kvsLatencyMs} ms (\`--jira-latency\`, \`--kvs-latency\`).`,
    `- The app's real handler, \`@forge/api\`, \`@forge/kvs\` and \`@forge/resolver\`, against the Jira Cloud and KVS emulators of \`local/\`, in one process. The clock is pinned to ${BENCH_TODAY.toISOString()} (a Wednesday in the middle of Q4 2026) for generation and measurement.`,
    `- Tenants: project BIG, one Scrum board, 60 sprints (52 closed over two years, 1 active, 7 future), epics, stories, bugs, tasks and sub-tasks with changelogs; 10 active Objectives × 4 Key Results in the current quarter with weekly check-ins, 3 × 3 done in the last; about 60 % of the issues linked to a current Key Result (spread over the whole history: the worst case for the project page); the last closed sprint's review opened by the sprint-closed trigger and 3 Key Results graded. See bench/generate.ts.`,
    `- Each screen: one warm-up, then the median of the timed runs (7 at 500 and 5,000 issues, 3 at 20,000 and more, unless \`--runs\`); calls and bytes are the same on every run, and every answer is checked to be \`ok: true\`. The 100,000-issue tenant is measured only on request (\`--sizes=500,5000,20000,100000\`): its rebuild alone is over a thousand search pages, each answered by the emulator scanning every issue in memory, and a run with it takes well over the few minutes of the default one.`,
    options.replay
      ? `- *Wall* is measured with the simulated latency and the emulators' answers **replayed**: a read the emulator has answered before (same request and user, nothing written since) gets the same answer after the same latency, without the emulator computing it again (bench/platform.ts). The emulators answer by scanning everything in memory (at 20,000 issues one search page costs them ~140 ms of this process's CPU); on Forge that work is Jira's and KVS's, already modelled by the latency. Writes (linkIssue's) always run live. \`--live\` turns replay off.`
      : '- *Wall* is measured with the simulated latency and every call answered live by the emulators (`--live`): it includes the emulators\' own CPU time, which on Forge is spent on Atlassian\'s servers.',
    "- *CPU: app* and *CPU: emulators* come from separate live runs without latency (3, or 1 at 20,000 issues and more): their wall time split into the time inside the emulators' request handlers and the rest (the app, the Forge SDKs, the runtime's JSON of each answer).",
    `- Peak heap: ${MEMORY_METHOD}`,
    '',
  );

  push('## Results', '');
  for (const result of results) {
    const { stats } = result.tenant;
    const overviewTerms = result.screens.find((screen) => screen.id === 'overview')?.least.terms ?? {};
    push(
      `### ${int(result.tenant.size)} issues`,
      '',
      `${int(stats.byType.Epic)} epics, ${int(stats.byType.Story)} stories, ${int(stats.byType.Bug)} bugs, ${int(stats.byType.Task)} tasks, ${int(stats.byType['Sub-task'])} sub-tasks; ` +
        `${int(stats.byStatus.done)} done, ${int(stats.byStatus.prog + stats.byStatus.review)} in progress, ${int(stats.byStatus.todo)} to do. ` +
        `Backlog ${int(overviewTerms.backlog ?? 0)} issues; the cycle's ${overviewTerms.cycleSprints ?? 0} sprints hold ${int(overviewTerms.cycleSprintIssues ?? 0)}; ` +
        `${int(stats.linkedIssues)} issues linked (${(stats.linkedIssues / stats.issues * 100).toFixed(0)} %), ${int(stats.links)} links; ${stats.keyResults} Key Results, ${stats.checkIns} check-ins. ` +
        `Generated in ${ms(result.generateMs)} ms, seeded in ${ms(result.seed.ms)} ms (${result.seed.transactions} link transactions), first project page (live, unmeasured) ${ms(result.firstViewMs)} ms. Median of ${result.runs} runs.`,
      '',
      '| screen | Jira calls | least | ratio | KVS calls | bytes to UI | wall (ms) | CPU: app (ms) | CPU: emulators (ms) | peak heap |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const screen of result.screens) {
      const m = screen.latency;
      push(
        `| ${screen.title} | ${int(m.jiraCalls)} | ${int(screen.least.calls)} | ${(m.jiraCalls / screen.least.calls).toFixed(2)} × | ${int(m.kvsCalls)} | ${kb(m.bytes)} | ${ms(m.wallMs)} | ${ms(screen.zero.wallMs - screen.zero.emulatorCpuMs)} | ${ms(screen.zero.emulatorCpuMs)} | ${mb(m.heapPeakBytes)} |`,
      );
    }
    push('', `Least calls here: ${result.screens.map((screen) => `${screen.id} ${screen.least.worked}`).join('; ')}.`, '');
    push(`The project page's answer: ${result.overviewPartsText}.`, '');
    push(`Checks: ${result.checks.join('; ')}.`, '');
    push(...rebuildSection(result));
    push(...teamSection(result));
  }

  push(...beforeAndAfter(results, bundles));
  push(...organizationSection(orgResults));

  const targetRow = (target: Target) => `| ${target.what} | ${target.measured} | ${target.met === null ? '–' : target.met ? 'met' : '**not met**'} |`;
  push(
    '## Targets',
    '',
    `Issue 15's (a page whose cost follows what changed), at every size measured: the project page's calls when nothing changed are its timed runs above; the rest as in each size's *Team at work*; an hour's calls beside those first measured (${HOUR_BEFORE.label}).`,
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...scaleTargets(results, bundles, options).map(targetRow),
    '',
    ...(orgResults.length > 0
      ? ['The organization page (issue 17), at each team count measured (T teams, R = min(T, 20) running sprints read):', '', ...ORG_TARGETS_WHY, '', '| target | measured | met |', '| --- | --- | --- |', ...orgTargets(orgResults, options).map(targetRow), '']
      : []),
    'Set before, still checked:',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...targets(results, bundles, options).map(targetRow),
    '',
  );

  push('## Bundle sizes', '', 'First-load JS of each Custom UI entry: the entry script of `static/app/build/<entry>/index.html` and every `modulepreload`, each gzipped (zlib level 6) and summed; CSS beside.', '');
  push('| entry | scripts | JS | JS gzipped | CSS gzipped | built |', '| --- | ---: | ---: | ---: | ---: | --- |');
  for (const bundle of bundles) {
    push(`| ${bundle.entry} | ${bundle.scripts.length} | ${kb(bundle.jsBytes)} | ${kb(bundle.jsGzipBytes)} | ${kb(bundle.cssGzipBytes)} | ${bundle.builtAt.slice(0, 16).replace('T', ' ')} UTC |`);
  }
  push('');

  const focus = results.find((result) => result.tenant.size === 5000) ?? results[results.length - 1];
  if (focus) {
    const overview = focus.screens.find((screen) => screen.id === 'overview');
    if (!overview) throw new Error(`The benchmark measured no project page at ${focus.tenant.size} issues.`);
    push(
      `## Where the project page's calls and time go (${int(focus.tenant.size)} issues)`,
      '',
      `Jira calls by route: ${Object.entries(overview.latency.jiraByRoute).sort((a, b) => b[1] - a[1]).map(([route, count]) => `${route} × ${count}`).join(', ')}.`,
      `KVS calls by endpoint: ${Object.entries(overview.latency.kvsByPath).sort((a, b) => b[1] - a[1]).map(([path, count]) => `${path} × ${count}`).join(', ')}.`,
      '',
      `One more run, traced like the timed ones (${ms(focus.overviewTraceMs)} ms), its calls grouped by what they ask; *in flight* is the most calls of the group running at once (1 = one after the other):`,
      '',
      '| calls | group | in flight | from (ms) | to (ms) |',
      '| ---: | --- | ---: | ---: | ---: |',
    );
    for (const row of focus.overviewWaterfall) push(`| ${row.calls} | ${row.label} | ${row.maxInFlight} | ${ms(row.firstStartMs)} | ${ms(row.lastEndMs)} |`);
    const chains = focus.overviewWaterfall.filter((row) => row.maxInFlight === 1 && row.calls > 1);
    push(
      '',
      `One after the other: ${chains.map((row) => `${row.label} ${row.calls} calls (${ms(row.firstStartMs)}–${ms(row.lastEndMs)} ms)`).join('; ') || 'nothing'}.`,
      '',
    );
  }

  push(
    '## How the least Jira calls are counted',
    '',
    "From the tenant's own numbers (bench/least.ts), with Jira's page sizes: search `/rest/api/3/search/jql` at most 100 issues a page with fields (token-paged, so one search's pages are sequential), the bulk changelog `/rest/api/3/changelog/bulkfetch` 1,000 issues a request and 10,000 status changes a page (`expand=changelog` brings only the latest histories), a board's sprints 50 a page (no date filter), users 100 a bulk call.",
    '',
    '- **getProjectOverview** = 1 (mypermissions: Browse, Administer) + 1 (the project: name, lead = default Product Owner) + 1 (the Scrum boards) + ⌈S/50⌉ (S = the board\'s sprints) + ⌈U/100⌉ (U = |backlog ∪ the cycle\'s sprint issues ∪ the cycle\'s linked issues|: one JQL can OR the three, the linked ones by the indexed `outcomes` property or by id) + C (the linked issues\' whole status history for the flow figures: per 1,000 of them one bulk changelog request of ⌈status changes/10,000⌉ pages) + 1 (the status list, when there are links, to read the changelog\'s status ids as categories) + ⌈P/100⌉ (display names of the P people named, when any). The site\'s fields (Sprint, story points) are kept and read again (2 calls) once an hour, so they count 0.',
    '- **getIssuePanel** = 1 (mypermissions on the issue: Browse, Edit) + 1 (the issue, whose `parent` names its parent) + 1 for a sub-task (its parent, for the epic above: no JQL returns a grandparent without knowing the parent).',
    '- **searchKeyResults** = 1 (mypermissions on the project); the Key Results come from storage.',
    '- **linkIssue** = 1 (mypermissions: Edit issues) + 1 (the issue) + 1 (the `outcomes` property write) + 1 (the Key Results field write, as the app) [+ 1 for a sub-task\'s parent]: the answer is the issue panel, which the permission and the issue already read serve.',
    '- **getSprintReview** = 1 (mypermissions) + 1 (the project: its lead decides who may grade) + 1 (the sprint) + ⌈I/100⌉ (I = the snapshot\'s issues, re-read as the viewer) + ⌈G/100⌉ (G = people who graded, when any).',
    '',
  );
  return lines.join('\n');
}

/** A size's *Team at work*: what issue changes cost through events, and a page view after them; a busy hour. */
function rebuildSection(result: SizeResult): string[] {
  const r = result.rebuild;
  return [
    '#### The full rebuild in background jobs',
    '',
    "The kept issues rebuilt from nothing on the `kept-issues` queue, as a project's first view asks for it: each job a delivery of one event to the consumer, under Forge's async events limits as the local runtime enforces them (1,000 pushes descending from one invocation, 100 KB an event for a consumer of `timeoutSeconds` over 55, 900 s a job). With the latency per call above, live (no replay).",
    '',
    '| jobs | not done | pushes (limit 1,000) | Jira calls | KVS calls | wall | largest event (limit 100 KB) | longest job (limit 900 s) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${int(r.jobs)} | ${r.notDone} | ${int(r.pushes)} | ${int(r.jira)} | ${int(r.kvs)} | ${(r.wallMs / 1000).toFixed(1)} s | ${int(r.largestPayloadBytes)} B | ${(r.longestJobMs / 1000).toFixed(1)} s (${int(r.longestJobCalls.jira)} Jira, ${int(r.longestJobCalls.kvs)} KVS calls) |`,
    '',
  ];
}

function teamSection(result: SizeResult): string[] {
  const { team } = result;
  const overview = must(result.screens.find((screen) => screen.id === 'overview'), 'result.screens.find((screen) => screen.id === \'overview\')').latency;
  const lines = [
    '#### Team at work',
    '',
    `Issue changes made in the Jira emulator (status moves, sprint moves, story-point edits, in turn, each with its changelog entry), ${
      team.subscribed
        ? "each delivered as Jira's `avi:jira:updated:issue` event to the app's triggers that the manifest subscribes to it, as Forge would"
        : "with no event delivered: the manifest subscribes the app to no `avi:jira:updated:issue` event, so changes reach it only through its reads"
    }; background work on Forge's async events queues is waited for and counted with what started it. Counted live, without latency (bench/changes.ts).`,
    '',
    '| what | Jira calls | KVS calls | bytes to UI |',
    '| --- | ---: | ---: | ---: |',
    `| project page, nothing changed (the timed runs above) | ${int(overview.jiraCalls)} | ${int(overview.kvsCalls)} | ${kb(overview.bytes)} |`,
    `| ${team.changes50.changes} issue changes: their ${int(team.changes50.events)} events' work | ${int(team.changes50.jiraCalls)} | ${int(team.changes50.kvsCalls)} | – |`,
    `| project page after those ${team.changes50.changes} changes | ${int(team.afterChanges.jiraCalls)} | ${int(team.afterChanges.kvsCalls)} | ${kb(team.afterChanges.bytes)} |`,
  ];
  const { hour } = team;
  if (hour.run) {
    lines.push(
      `| an hour: ${hour.changes} issue changes' events | ${int(hour.events.jiraCalls)} | ${int(hour.events.kvsCalls)} | – |`,
      `| an hour: ${hour.views} project page views (Priya, Sam, Diego and Mei in turn; one every 36 s) | ${int(hour.pageViews.jiraCalls)} | ${int(hour.pageViews.kvsCalls)} | – |`,
      `| an hour: the app's hourly jobs (${hour.jobs}), once | ${int(hour.hourlyJobs.jiraCalls)} | ${int(hour.hourlyJobs.kvsCalls)} | – |`,
      `| **an hour of a busy team, in all** | **${int(hour.total)}** | ${int(hour.events.kvsCalls + hour.pageViews.kvsCalls + hour.hourlyJobs.kvsCalls)} | – |`,
    );
  } else {
    lines.push(`| an hour of a busy team: not run, as one page view already costs ${hour.perView} Jira calls | at least ${int(hour.atLeast)} | – | – |`);
  }
  lines.push('');
  return lines;
}

/** Each size's screens beside the figures from before issue 15 (bench/before.ts), and the UI's first-load JS. */
function beforeAndAfter(results: SizeResult[], bundles: BundleSize[]): string[] {
  const lines = [
    '## Before and after',
    '',
    `The figures ${BEFORE.label}, with the same latencies, beside this run's: Jira calls, KVS calls, bytes to the UI and wall time.`,
    '',
    '| issues | screen | Jira calls | KVS calls | bytes to UI | wall (ms) |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  const arrow = (before: string | undefined, now: string) => (before === undefined ? `${now} (no earlier figure)` : `${before} → ${now}`);
  for (const result of results) {
    const before = BEFORE.sizes.find((candidate) => candidate.size === result.tenant.size);
    for (const screen of result.screens) {
      const was = before?.screens.find((candidate) => candidate.id === screen.id);
      const m = screen.latency;
      lines.push(
        `| ${int(result.tenant.size)} | ${screen.id} | ${arrow(was && int(was.jiraCalls), int(m.jiraCalls))} | ${arrow(was && int(was.kvsCalls), int(m.kvsCalls))} | ${arrow(was && kb(was.bytes), kb(m.bytes))} | ${arrow(was && ms(was.wallMs), ms(m.wallMs))} |`,
      );
    }
  }
  lines.push('', '| UI entry | first-load JS gzipped |', '| --- | ---: |');
  for (const bundle of bundles) {
    const was = BEFORE.bundleJsGzipBytes[bundle.entry];
    lines.push(`| ${bundle.entry} | ${arrow(was === undefined ? undefined : kb(was), kb(bundle.jsGzipBytes))} |`);
  }
  lines.push('');
  return lines;
}

// ─── Main ───

async function main(): Promise<void> {
  const startedAt = new Date();
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2), process.env);
  const log = (line: string) => console.error(line);
  ensureUiBuild(options.build);
  const bundles = UI_ENTRIES.map(bundleSize);
  const unpin = pinClock(BENCH_TODAY);
  const results: SizeResult[] = [];
  const orgResults: OrgResult[] = [];
  try {
    for (const size of options.orgOnly ? [] : options.sizes) {
      log(`${int(size)} issues (Jira ${options.jiraLatencyMs} ms, KVS ${options.kvsLatencyMs} ms per call)`);
      results.push(await benchSize(size, options, log));
    }
    for (const teams of options.orgTeams) {
      const orgStarted = performance.now();
      const result = await benchOrganization(teams, options);
      orgResults.push(result);
      log(
        `organization page, ${teams} teams: jira ${result.latency.jiraCalls} kvs ${result.latency.kvsCalls} ${kb(result.latency.bytes)} wall ${Math.round(result.latency.wallMs)} ms ` +
          `(0-latency ${Math.round(result.zero.wallMs)} ms; seeded in ${Math.round(result.seedMs)} ms; ${Math.round(performance.now() - orgStarted)} ms in all)`,
      );
    }
  } finally {
    unpin();
  }
  const report = render(results, bundles, options, startedAt, performance.now() - started, orgResults);
  if (options.out) writeFileSync(options.out, report);
  console.log(report);
  const missed = [...scaleTargets(results, bundles, options), ...targets(results, bundles, options), ...orgTargets(orgResults, options)].filter((target) => target.met === false).length;
  log(`\n${missed} target(s) not met. ${options.out ? `Written to ${options.out}.` : ''} Took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
