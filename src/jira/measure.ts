// A query-measured Key Result's value, read from Jira with the rights of the client given (the person
// who set the query up): a count (Jira's approximate count), or the sum, average or median age of the
// issues the JQL finds, read a page at a time up to MAX_MEASURED_ISSUES.
import type { QueryMeasureInput } from '../contract';
import { median } from '../domain/flow';
import { JiraError, type JiraClient } from './client';
import { jiraFieldIds } from './fields';

/** Issues a sum, an average or a median age reads at most: 50 pages of 100, inside one invocation. */
export const MAX_MEASURED_ISSUES = 5000;
const PAGE = 100;
const DAY_MS = 86_400_000;

/** Why a measure gave no value: a person can act on the message (fix the JQL, the field, narrow the query). */
export class MeasureError extends Error {
  constructor(
    message: string,
    /** The part of the set-up at fault: `jql` or `field`. */
    readonly field: 'jql' | 'field',
  ) {
    super(message);
    this.name = 'MeasureError';
  }
}

/** The number field a sum or an average reads: the site's story-point field (found, never assumed), or the custom field named. */
async function fieldToRead(jira: JiraClient, measure: QueryMeasureInput, boardId: number | null): Promise<string> {
  if (measure.field === 'story-points') {
    const found = (await jiraFieldIds(jira, boardId)).storyPoints;
    if (!found) throw new MeasureError('This site has no story-point field; choose a number field by its id instead.', 'field');
    return found;
  }
  const field = (await jira.fieldList()).find((candidate) => candidate.id === measure.field);
  if (!field) throw new MeasureError(`This site has no field ${measure.field}.`, 'field');
  if (field.schema?.type !== 'number') throw new MeasureError(`${field.name ?? measure.field} is not a number field; a sum or an average needs one.`, 'field');
  return field.id;
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** Every value of `fieldId` on the issues the JQL finds, refusing past MAX_MEASURED_ISSUES. */
async function valuesOf(jira: JiraClient, jql: string, fieldId: string): Promise<unknown[]> {
  const values: unknown[] = [];
  let token: string | undefined;
  do {
    const page = await jira.searchPage(jql, [fieldId], PAGE, token);
    for (const issue of page.issues) values.push(issue.fields[fieldId]);
    if (values.length > MAX_MEASURED_ISSUES || (page.nextPageToken && values.length >= MAX_MEASURED_ISSUES)) {
      throw new MeasureError(`The query finds more than ${MAX_MEASURED_ISSUES.toLocaleString('en')} issues, the most a sum, an average or a median age reads; narrow it.`, 'jql');
    }
    token = page.nextPageToken;
  } while (token);
  return values;
}

/**
 * The measure's value now. A JQL Jira refuses (400) is a MeasureError on `jql` with Jira's own words;
 * other Jira failures are thrown as they are (the caller keeps the last value either way).
 */
export async function measureValue(jira: JiraClient, measure: QueryMeasureInput, now: Date, boardId: number | null = null): Promise<number> {
  try {
    if (measure.fn === 'count') return await jira.approximateCount(measure.jql);
    if (measure.fn === 'median-age') {
      const created = (await valuesOf(jira, measure.jql, 'created')).flatMap((value) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? [Date.parse(value)] : []));
      const days = median(created.map((at) => Math.max(0, (now.getTime() - at) / DAY_MS)));
      if (days === null) throw new MeasureError('No issue matches the query, so it has no median age.', 'jql');
      return Math.round(days * 10) / 10;
    }
    const fieldId = await fieldToRead(jira, measure, boardId);
    const numbers = (await valuesOf(jira, measure.jql, fieldId)).flatMap((value) => numberOf(value) ?? []);
    const sum = numbers.reduce((total, number) => total + number, 0);
    if (measure.fn === 'sum') return sum;
    if (numbers.length === 0) throw new MeasureError('No issue the query finds has a value in that field, so there is no average.', 'jql');
    return Math.round((sum / numbers.length) * 100) / 100;
  } catch (error) {
    if (error instanceof JiraError && error.status === 400) throw new MeasureError(`Jira refused the query: ${error.message}`, 'jql');
    throw error;
  }
}
