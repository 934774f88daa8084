// The emulator's live records and how routes find them: by key (any case) or id, as Jira does.
import type { IndexedProperty } from './jql';
import type { IssueRecord, JiraData, ProjectRecord, SprintRecord, StatusRecord, UserRecord } from './model';

export class Records {
  private readonly issuesByKey = new Map<string, IssueRecord>();
  private readonly issuesById = new Map<string, IssueRecord>();

  constructor(
    /** The live data: routes and mutations change it in place. */
    readonly data: JiraData,
    /** The emulator's clock, for sprint mutations and relative JQL dates. */
    readonly clock: () => Date,
    /** The issue property paths JQL may search. */
    readonly indexedProperties: IndexedProperty[],
  ) {
    for (const issue of data.issues) {
      this.issuesByKey.set(issue.key.toUpperCase(), issue);
      this.issuesById.set(issue.id, issue);
    }
  }

  /** The site's address without a trailing slash: every `self` link starts with it. */
  get base(): string {
    return this.data.baseUrl.replace(/\/$/, '');
  }

  project(keyOrId: string): ProjectRecord | undefined {
    return this.data.projects.find((p) => p.key.toUpperCase() === keyOrId.toUpperCase() || p.id === keyOrId);
  }

  projectOf(key: string): ProjectRecord {
    const p = this.project(key);
    if (!p) throw new Error(`no project ${key}`);
    return p;
  }

  issue(keyOrId: string): IssueRecord | undefined {
    return this.issuesByKey.get(keyOrId.toUpperCase()) ?? this.issuesById.get(keyOrId);
  }

  /** Adds a created issue (the caller has put it in `data.issues`). */
  add(issue: IssueRecord): void {
    this.issuesByKey.set(issue.key.toUpperCase(), issue);
    this.issuesById.set(issue.id, issue);
  }

  /** Removes a deleted issue from `data.issues` and the lookups. */
  remove(issue: IssueRecord): void {
    this.issuesByKey.delete(issue.key.toUpperCase());
    this.issuesById.delete(issue.id);
    const index = this.data.issues.indexOf(issue);
    if (index >= 0) this.data.issues.splice(index, 1);
  }

  status(id: string): StatusRecord {
    const s = this.data.statuses.find((x) => x.id === id);
    if (!s) throw new Error(`no status ${id}`);
    return s;
  }

  user(accountId: string | null): UserRecord | undefined {
    return accountId === null ? undefined : this.data.users.find((u) => u.accountId === accountId);
  }

  sprint(id: number): SprintRecord {
    const s = this.data.sprints.find((x) => x.id === id);
    if (!s) throw new Error(`Sprint ${id} does not exist`);
    return s;
  }

  isSubtask(issue: IssueRecord): boolean {
    return this.data.issueTypes.find((t) => t.id === issue.issueTypeId)?.subtask ?? false;
  }
}
