// A recorded change as people read it: "Changed the Objective" with "Status: Draft → Active".
import type { HistoryChange, ObjectiveStatus } from '../../../../../src/contract';
import { DIRECTION_LABELS, formatDateTime, OBJECTIVE_STATUS_LOOK, personName } from '../../shared/format';
import { formatGrade } from '../review/gradeText';

export interface ChangeDetail {
  label: string;
  before?: string;
  after?: string;
}

const WHAT: Record<string, string> = {
  'objective.created': 'Created the Objective',
  'objective.updated': 'Changed the Objective',
  'objective.limit-overridden': 'Made the Objective active past the OKR limit',
  'objective.deleted': 'Deleted the Objective',
  'keyResult.created': 'Added the Key Result',
  'keyResult.updated': 'Changed the Key Result',
  'keyResult.deleted': 'Deleted the Key Result',
  'keyResult.checked-in': 'Checked in',
  'keyResult.graded': 'Graded the Key Result',
  'keyResult.grade-corrected': 'Corrected the grade',
  'objective.carried-over': 'Carried the Objective over to the next cycle',
  'objective.carried-in': 'Continued the Objective from the cycle before',
  'keyResult.carried-over': 'Graded the Key Result and carried it over',
  'settings.updated': 'Changed the settings',
};

/** Bookkeeping every stored object carries; a change to these alone is not news to a person. */
const SKIP = new Set(['id', 'version', 'createdAt', 'updatedAt', 'projectKey', 'cycleId', 'objectiveId', 'keyResultId', 'at']);
/** Said already by the entry's own line (who) or by another detail (a check-in's value is the new Current). */
const SKIP_PATHS = new Set([
  'checkIn.accountId',
  'checkIn.value',
  'checkInCount',
  'limitOverride.accountId',
  // A grade's sprint is named by sprintName, its grader by the entry's own line.
  'sprintId',
  'grade.accountId',
  'grade.sprintId',
  'grade.closedAt',
  'closedAt',
]);
/** Said on every entry that has them, changed or not: a corrected grade still names its sprint. */
const CONTEXT_PATHS = new Set(['sprintName', 'grade.sprintName']);
/** A grade given with a new value makes it the Current: the grade's value says it once. */
const SAME_AS: Record<string, string> = { current: 'grade.value' };
/** Grades read with one decimal: "0.7", "1.0". */
const GRADE_PATHS = new Set(['score', 'grade', 'grade.score']);

const LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  status: 'Status',
  ownerAccountId: 'Owner',
  weight: 'Weight',
  'metric.direction': 'Direction',
  'metric.start': 'Start',
  'metric.target': 'Target',
  'metric.current': 'Current',
  'metric.unit': 'Unit',
  current: 'Current',
  'checkIn.confidence': 'Confidence',
  'checkIn.note': 'Note',
  'checkIn.source': 'Source',
  keyResults: 'Key Results',
  value: 'Value',
  confidence: 'Confidence',
  note: 'Note',
  score: 'Grade',
  grade: 'Grade',
  'grade.score': 'Grade',
  'grade.confidence': 'Confidence',
  'grade.note': 'Note',
  'grade.value': 'Value',
  'grade.sprintName': 'Sprint',
  sprintName: 'Sprint',
  reason: 'Reason',
  carriedTo: 'Carried over to',
  accountId: 'By',
  'limitOverride.reason': 'Reason for going past the limit',
  checkIns: 'Check-ins',
  okrLimit: 'OKR limit',
  productOwnerAccountIds: 'Product Owners',
  fiscalYearStartMonth: 'Fiscal year starts in month',
};

export function whatLabel(what: string): string {
  return WHAT[what] ?? humanize(what.replace(/^[a-zA-Z]+\./, ''));
}

/** The same sentences, naming the Key Result; `{}` stands for its title. */
const WHAT_OF_KEY_RESULT: Record<string, string> = {
  'keyResult.created': 'Added the Key Result {}',
  'keyResult.updated': 'Changed the Key Result {}',
  'keyResult.deleted': 'Deleted the Key Result {}',
  'keyResult.checked-in': 'Checked in on {}',
  'keyResult.graded': 'Graded the Key Result {}',
  'keyResult.grade-corrected': 'Corrected the grade of {}',
  'keyResult.carried-over': 'Graded {} and carried it over',
};

/**
 * An entry's heading, naming its Key Result when it is about one ("Checked in on “Weekly active
 * members”"), so an Objective's history says which of its Key Results each change touched.
 */
export function changeHeading(change: HistoryChange, keyResultTitles: Record<string, string>): string {
  const title = change.keyResultId === undefined ? undefined : keyResultTitles[change.keyResultId];
  if (title === undefined) return whatLabel(change.what);
  const quoted = `“${title}”`;
  const sentence = WHAT_OF_KEY_RESULT[change.what];
  return sentence ? sentence.replace('{}', quoted) : `${whatLabel(change.what)}: ${quoted}`;
}

function humanize(key: string): string {
  const spaced = key.replace(/[-_.]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!isPlainObject(value)) {
    if (value !== undefined && value !== null) out.set(prefix || 'value', value);
    return out;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (SKIP.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (SKIP_PATHS.has(path)) continue;
    if (isPlainObject(inner)) for (const [innerPath, leaf] of flatten(inner, path)) out.set(innerPath, leaf);
    else out.set(path, inner);
  }
  return out;
}

function show(path: string, value: unknown, people: Record<string, string>): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && GRADE_PATHS.has(path)) return formatGrade(value);
  const leaf = path.split('.').pop() ?? path;
  if (typeof value === 'string') {
    if (leaf === 'status' && value in OBJECTIVE_STATUS_LOOK) return OBJECTIVE_STATUS_LOOK[value as ObjectiveStatus].label;
    if (leaf === 'direction' && value in DIRECTION_LABELS) return DIRECTION_LABELS[value as keyof typeof DIRECTION_LABELS];
    if (/accountId$/i.test(leaf)) return personName(people, value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (leaf === 'checkIns') return value.length === 1 ? '1 check-in' : `${value.length} check-ins`;
    if (leaf === 'keyResults') {
      const titles = value.map((item) => (isPlainObject(item) && typeof item.title === 'string' ? `“${item.title}”` : null)).filter(Boolean);
      return titles.length > 0 ? titles.join(', ') : `${value.length}`;
    }
    if (/AccountIds$/.test(leaf)) return value.map((id) => personName(people, String(id))).join(', ') || 'nobody';
    return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ');
  }
  return JSON.stringify(value);
}

/** The fields that differ between before and after, each with the label people know it by. */
export function changeDetails(change: HistoryChange, people: Record<string, string>): ChangeDetail[] {
  const before = flatten(change.before);
  const after = flatten(change.after);
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  const details: ChangeDetail[] = [];
  for (const path of paths) {
    // The override's reason is the change's own reason, shown as its "Why".
    if (path === 'limitOverride.reason' && change.reason) continue;
    const was = show(path, before.get(path), people);
    const is = show(path, after.get(path), people);
    const twin = SAME_AS[path];
    if (twin && after.has(twin) && show(twin, before.get(twin), people) === was && show(twin, after.get(twin), people) === is) continue;
    if (was === is) {
      if (is !== undefined && CONTEXT_PATHS.has(path)) details.push({ label: LABELS[path] ?? humanize(path), after: is });
      continue;
    }
    details.push({
      label: LABELS[path] ?? humanize(path),
      ...(was !== undefined ? { before: was } : {}),
      ...(is !== undefined ? { after: is } : {}),
    });
  }
  return details;
}

export function changeLine(change: HistoryChange, people: Record<string, string>): string {
  return `${personName(people, change.accountId)} · ${formatDateTime(change.at)}`;
}
