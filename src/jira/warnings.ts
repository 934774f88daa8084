// A part of an answer Jira could not give just now (after the client's retries): the rest is answered,
// with a warning saying what is missing and what to do; Jira's own words go to the log.
import type { Warning } from '../contract';
import { JiraError, JiraRateLimitError } from './client';

/**
 * A part of the page Jira could not give just now (after the client's retries): the rest of the page
 * is answered, with a warning saying what is missing. Anything but a Jira failure still fails the call.
 */
export async function orWarning<T>(read: Promise<T>, fallback: T, warnings: Warning[], code: string, missing: string): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (!(error instanceof JiraError)) throw error;
    if (error instanceof JiraRateLimitError) {
      // Jira asked Outcomes to slow down: the page says so once, with when its figures come back.
      console.warn(`Outcomes: ${code}: Jira rate-limited the call (${error.reason ?? 'no reason given'}).`);
      if (!warnings.some((warning) => warning.code === error.code)) warnings.push({ code: error.code, message: error.message });
      warnings.push({ code, message: missing });
      return fallback;
    }
    warnings.push(jiraWarning(code, missing, error));
    return fallback;
  }
}

/**
 * The warning for a part Jira did not give: what is missing and what to do. Jira's own words (field
 * ids, internals) are for the log, not for the page.
 */
export function jiraWarning(code: string, missing: string, error: JiraError): Warning {
  console.warn(`Outcomes: ${code}: Jira answered ${error.status || 'nothing'}: ${error.message}`);
  return { code, message: `${missing} Reload the page in a minute to see it.` };
}
