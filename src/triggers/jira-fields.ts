// Hourly: the site's Jira Software fields of every board kept, read again as the app, so that page
// views find them kept and a board switched to another estimation field is followed within the hour.
import { jiraAsApp, type JiraClient } from '../jira/client';
import { keepFieldsOfBoards } from '../jira/fields';

export async function handleJiraFieldsRefresh(now: Date = new Date(), jira: JiraClient = jiraAsApp()): Promise<{ boards: number }> {
  const kept = await keepFieldsOfBoards(jira, undefined, now);
  return { boards: kept.size };
}
