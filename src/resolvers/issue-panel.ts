// The issue panel: the issue in front of the person, and the Key Results it serves.
import type Resolver from '@forge/resolver';
import type { IssuePanelData } from '../contract';
import { quarterOf } from '../domain/cycles';
import { type JiraClient, jiraAsUser, orNullIfHidden } from '../jira/client';
import { loadSettings } from '../store/settings';
import { defineResolver, requireIssue, requireProject } from './define';
import { AppError } from './errors';
import { statusCategoryOf } from './project-page';

const PANEL_FIELDS = ['summary', 'status', 'issuetype', 'parent'] as const;

export async function getIssuePanel(
  projectKey: string,
  issueKey: string,
  jira: JiraClient,
  today: Date = new Date(),
): Promise<IssuePanelData> {
  const [permissions, issue, settings] = await Promise.all([
    jira.myPermissions({ issueKey }),
    orNullIfHidden(jira.getIssue(issueKey, PANEL_FIELDS)),
    loadSettings(projectKey, undefined),
  ]);
  if (!permissions.BROWSE_PROJECTS || !issue) {
    throw new AppError('FORBIDDEN', `You need the Browse projects permission on ${projectKey} to see which Key Results ${issueKey} serves.`);
  }
  return {
    issue: {
      key: issue.key,
      summary: issue.fields.summary ?? '',
      statusCategory: statusCategoryOf(issue),
      issueType: issue.fields.issuetype?.name ?? 'Issue',
      ...(issue.fields.parent?.key ? { parentKey: issue.fields.parent.key } : {}),
    },
    links: [],
    canLink: permissions.EDIT_ISSUES,
    cycle: quarterOf(today, settings.fiscalYearStartMonth, today),
  };
}

export function registerIssuePanel(resolver: Resolver): void {
  defineResolver(resolver, 'getIssuePanel', (_payload, context) =>
    getIssuePanel(requireProject(context), requireIssue(context), jiraAsUser()),
  );
}
