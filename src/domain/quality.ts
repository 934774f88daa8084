// The OKR quality check: findings a Product Owner can act on, shown as they type. Bundled into the
// browser, so it imports nothing but types and stays cheap (a few string scans per call).
import type { LintFinding, Metric } from '../contract';

/** Fewer Key Results than this is warned about: one number rarely captures an Objective. */
export const MIN_KEY_RESULTS = 2;
/** More Key Results than this is warned about: the OKR turns into a checklist and focus splits. */
export const MAX_KEY_RESULTS = 5;
/** An Objective is a short desired state the team can say from memory; detail belongs in its description. */
export const MAX_OBJECTIVE_TITLE_LENGTH = 100;
/** A Key Result's title (measure and numbers) should read at a glance on the issue panel and in the sprint review. */
export const MAX_KEY_RESULT_TITLE_LENGTH = 150;

/**
 * Task (output) verbs and their forms. A Key Result that is one of these is work the team does,
 * not a change it causes: you can finish every task and still miss the Objective.
 */
const TASK_VERBS: ReadonlyArray<{ base: string; third: string; past: string; ing: string }> = [
  { base: 'ship', third: 'ships', past: 'shipped', ing: 'shipping' },
  { base: 'launch', third: 'launches', past: 'launched', ing: 'launching' },
  { base: 'build', third: 'builds', past: 'built', ing: 'building' },
  { base: 'implement', third: 'implements', past: 'implemented', ing: 'implementing' },
  { base: 'complete', third: 'completes', past: 'completed', ing: 'completing' },
  { base: 'release', third: 'releases', past: 'released', ing: 'releasing' },
  { base: 'migrate', third: 'migrates', past: 'migrated', ing: 'migrating' },
  { base: 'deliver', third: 'delivers', past: 'delivered', ing: 'delivering' },
  { base: 'create', third: 'creates', past: 'created', ing: 'creating' },
  { base: 'develop', third: 'develops', past: 'developed', ing: 'developing' },
  { base: 'finish', third: 'finishes', past: 'finished', ing: 'finishing' },
  { base: 'deploy', third: 'deploys', past: 'deployed', ing: 'deploying' },
  { base: 'add', third: 'adds', past: 'added', ing: 'adding' },
];
const ACTIVE_FORMS = new Set(TASK_VERBS.flatMap(({ base, third, ing }) => [base, third, ing]));
const PAST_FORMS = new Set(TASK_VERBS.map(({ past }) => past));

/** Words that may come before the verb of a task: "We will launch…", "To ship…", "Successfully migrate…". */
const LEADING_FILLERS = new Set(['we', 'will', "we'll", 'we’ll', 'shall', 'to', 'successfully', 'fully', 'finally']);
/** After a verb-like first word these make it a measure, not a task: "Deploy frequency", "Build time", "Shipping cost". */
const MEASURE_NOUNS = new Set([
  'frequency', 'rate', 'rates', 'time', 'times', 'duration', 'lead', 'cadence', 'count', 'volume',
  'success', 'failure', 'failures', 'errors', 'speed', 'size', 'cost', 'costs', 'quality', 'conversion', 'coverage',
]);
/** After a past form these make it a finished task: "Completed the migration", "Shipped our app". */
const DETERMINERS = new Set(['the', 'a', 'an', 'our', 'their', 'its', 'this', 'that', 'these', 'all', 'every']);

const OUTCOME_EXAMPLE = '“Members booking a PT session each month: 120 → 300”';

const lengthOf = (text: string) => [...text.trim()].length;
const hasNumber = (text: string) => /\d/.test(text);
const hasUnit = (metric: Metric) => (metric.unit ?? '').trim().length > 0;

/** The title in quotes, shortened so a message stays readable. */
function quote(title: string, fallback: string): string {
  const text = title.trim();
  if (text.length === 0) return fallback;
  const characters = [...text];
  return characters.length > 60 ? `“${characters.slice(0, 57).join('').trimEnd()}…”` : `“${text}”`;
}

/**
 * Lower-case words; a hyphenated word ("add-on", "time-boxed") is one word, so matching is by whole
 * word, never inside another.
 */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? [])
    .map((word) => word.replace(/^['’-]+|['’-]+$/g, ''))
    .filter((word) => word.length > 0);
}

/** A metric that only says done (1) or not done (0), with no unit and no number in the title. */
const isYesNo = (title: string, metric: Metric) =>
  !hasUnit(metric) && !hasNumber(title) && [metric.start, metric.target].every((value) => value === 0 || value === 1);

/**
 * The task verb a Key Result's title is built on, or null. A title reads like a task when
 * 1. it opens (after "we will", "to", "successfully"…) with a task verb's base, -s or -ing form
 *    ("Launch the booking flow", "Migrating to the new app"), unless the next word makes it a measure
 *    ("Deploy frequency", "Build time");
 * 2. it opens with a task verb's past form followed by "the", "a", "our"… ("Completed the migration");
 *    without one it is usually a measure ("Completed PT sessions per month: 120 → 300"), so it passes;
 * 3. it contains any form of a task verb and measures nothing but done / not done: start and target
 *    both 0 or 1, no unit, no number in the title ("Booking flow launched", 0 → 1).
 * Matching is by whole word and ignores case.
 */
export function taskVerbIn(keyResult: { title: string; metric: Metric }): string | null {
  const words = wordsOf(keyResult.title);
  const opening = words.findIndex((word) => !LEADING_FILLERS.has(word));
  const first = words[opening];
  const next = words[opening + 1];
  if (first !== undefined) {
    if (ACTIVE_FORMS.has(first) && !(next !== undefined && MEASURE_NOUNS.has(next))) return first;
    if (PAST_FORMS.has(first) && next !== undefined && DETERMINERS.has(next)) return first;
  }
  if (!isYesNo(keyResult.title, keyResult.metric)) return null;
  return words.find((word) => ACTIVE_FORMS.has(word) || PAST_FORMS.has(word)) ?? null;
}

function keyResultCountFinding(objectiveTitle: string, count: number): LintFinding | null {
  if (count >= MIN_KEY_RESULTS && count <= MAX_KEY_RESULTS) return null;
  const objective = quote(objectiveTitle, 'This Objective');
  const recommended = `${MIN_KEY_RESULTS + 1}–${MAX_KEY_RESULTS} Key Results per Objective are recommended`;
  if (count === 0) {
    return {
      rule: 'kr-count',
      message: `${objective} has no Key Results yet. Add ${MIN_KEY_RESULTS + 1}–${MAX_KEY_RESULTS} measurable outcomes that will show the Objective is reached.`,
    };
  }
  if (count < MIN_KEY_RESULTS) {
    return {
      rule: 'kr-count',
      message: `${objective} has only ${count} Key Result. ${recommended}: a single number rarely captures an Objective and can be hit without reaching it. Add another measurable outcome that shows the Objective from a different side.`,
    };
  }
  return {
    rule: 'kr-count',
    message: `${objective} has ${count} Key Results. ${recommended}: more turns the OKR into a checklist and splits the team's focus. Keep the ${MAX_KEY_RESULTS} or fewer that best show the Objective is reached, and move the rest to another Objective or drop them.`,
  };
}

/**
 * Quality findings for an Objective:
 * - `kr-count` when it has fewer than MIN_KEY_RESULTS (2) or more than MAX_KEY_RESULTS (5) Key Results
 *   (3–5 recommended);
 * - `title-too-long` when its title is over MAX_OBJECTIVE_TITLE_LENGTH (100) characters.
 */
export function lintObjective(objective: { title: string }, keyResults: ReadonlyArray<{ title: string }>): LintFinding[] {
  const findings: LintFinding[] = [];
  const countFinding = keyResultCountFinding(objective.title, keyResults.length);
  if (countFinding) findings.push(countFinding);
  const length = lengthOf(objective.title);
  if (length > MAX_OBJECTIVE_TITLE_LENGTH) {
    findings.push({
      rule: 'title-too-long',
      message: `This Objective's title is ${length} characters; keep it to ${MAX_OBJECTIVE_TITLE_LENGTH} or fewer. An Objective is a short desired state the team can say from memory (e.g. “Members feel coached, not just counted”): keep that in the title and move the detail and the why into the description.`,
    });
  }
  return findings;
}

/**
 * Quality findings for a Key Result (none while its title is still blank, so a new form starts quiet):
 * - `output-not-outcome` when its title reads like a task (see `taskVerbIn`);
 * - `not-measurable` when start equals target, it has no unit and its title has no number;
 * - `title-too-long` when its title is over MAX_KEY_RESULT_TITLE_LENGTH (150) characters.
 */
export function lintKeyResult(keyResult: { title: string; metric: Metric }): LintFinding[] {
  const { title, metric } = keyResult;
  if (title.trim().length === 0) return [];
  const findings: LintFinding[] = [];
  const verb = taskVerbIn(keyResult);
  if (verb) {
    findings.push({
      rule: 'output-not-outcome',
      message: `${quote(title, '')} reads like a task (“${verb}”): it is work the team does, not a change it causes. A Key Result measures an outcome: what changes for your customers when it ships? Write that as a number from start to target, e.g. ${OUTCOME_EXAMPLE}, and track the work as Jira issues linked to this Key Result.`,
    });
  }
  if (metric.start === metric.target && !hasUnit(metric) && !hasNumber(title)) {
    findings.push({
      rule: 'not-measurable',
      message: `${quote(title, '')} has nothing to measure yet: its start and target are both ${metric.target}, and it names no unit and no number. Say what you will count and where it should get to, e.g. “Members completing onboarding in their first week: 40% → 70%”, then set the start, the target and the unit.`,
    });
  }
  const length = lengthOf(title);
  if (length > MAX_KEY_RESULT_TITLE_LENGTH) {
    findings.push({
      rule: 'title-too-long',
      message: `This Key Result's title is ${length} characters; keep it to ${MAX_KEY_RESULT_TITLE_LENGTH} or fewer so it reads at a glance on issues and in the sprint review. Keep the measure and its numbers (e.g. ${OUTCOME_EXAMPLE}) and move the background into the Objective's description.`,
    });
  }
  return findings;
}
