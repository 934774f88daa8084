import { view, type FullContext } from '@forge/bridge';
import { useEffect, useState } from 'react';

/** What this app reads from the invocation context; absent until the host answers. */
export interface PageContext {
  projectKey?: string;
  issueKey?: string;
  /**
   * The viewer's Atlassian account id, to offer check-ins on the Objectives they own. Only a hint for
   * which buttons to show: the server decides who may check in.
   */
  accountId?: string;
  /** The module the app was opened as: the project page, or a sprint or backlog action (manifest keys). */
  moduleKey?: string;
  /** The sprint a sprint action was opened on. */
  sprintId?: number;
  /** The app's project settings page, where Jira puts it: /jira/software/projects/KEY/settings/apps/{appId}/{envId}. */
  settingsPath?: string;
}

/**
 * The app's project settings page. Forge documents the page's address for `jira:projectSettingsPage`
 * but not a NavigationLocation for it, so the address is built from the app and environment ids that
 * the context's `localId` carries (ari:cloud:ecosystem::extension/{appId}/{envId}/static/{moduleKey}).
 */
export function settingsPathOf(projectKey: string | undefined, localId: unknown): string | undefined {
  const ids = typeof localId === 'string' ? /^ari:cloud:ecosystem::extension\/([^/]+)\/([^/]+)\//.exec(localId) : null;
  if (!projectKey || !ids?.[1] || !ids[2]) return undefined;
  return `/jira/software/projects/${encodeURIComponent(projectKey)}/settings/apps/${ids[1]}/${ids[2]}`;
}

function readContext(context: FullContext): PageContext {
  const extension: Record<string, unknown> = context.extension ?? {};
  const project = extension.project as { key?: unknown } | undefined;
  const issue = extension.issue as { key?: unknown } | undefined;
  // Whether Jira names the sprint as a number or as text is not documented: either reads.
  const sprintId = Number((extension.sprint as { id?: unknown } | undefined)?.id);
  const projectKey = typeof project?.key === 'string' ? project.key : undefined;
  return {
    ...(typeof context.moduleKey === 'string' ? { moduleKey: context.moduleKey } : {}),
    ...(Number.isSafeInteger(sprintId) && sprintId > 0 ? { sprintId } : {}),
    projectKey,
    settingsPath: settingsPathOf(projectKey, context.localId),
    issueKey: typeof issue?.key === 'string' ? issue.key : undefined,
    accountId: typeof context.accountId === 'string' ? context.accountId : undefined,
  };
}

/** The page the app is shown on and who views it, for headers shown before data arrives and button hints. */
export function usePageContext(): PageContext {
  const [context, setContext] = useState<PageContext>({});
  useEffect(() => {
    let current = true;
    view.getContext().then(
      (full) => {
        if (current) setContext(readContext(full));
      },
      // The context only decorates; the resolvers read the real one on the server.
      (error: unknown) => console.warn('Outcomes: view.getContext failed', error),
    );
    return () => {
      current = false;
    };
  }, []);
  return context;
}
