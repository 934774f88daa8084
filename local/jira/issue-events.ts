// What Jira does to issues that the local preview and the tests do in its place (there is no REST
// route for them here), and the events Jira sends apps for each change: `avi:jira:created:issue`,
// `avi:jira:updated:issue` (with the changelog's items) and `avi:jira:deleted:issue`, in the shape
// Atlassian documents (the issue's id and key and the fields its type reference lists: summary, issue
// type, creator, created, project, reporter, assignee, updated, status; the status as Jira's REST API
// gives it, with its category). Jira sends an event per
// change; whoever listens decides how to deliver it (the tests drop, repeat and reorder them).
import type { ChangelogRecord, IssueRecord } from './model';
import type { Records } from './records';

export type IssueEventType = 'avi:jira:created:issue' | 'avi:jira:updated:issue' | 'avi:jira:deleted:issue';

export interface IssueEvent {
  eventType: IssueEventType;
  issue: {
    id: string;
    key: string;
    fields: {
      summary: string;
      project: { id: string; key: string; name: string };
      issuetype: { id: string; name: string; subtask: boolean };
      status: { id: string; name: string; statusCategory: { key: string } };
      creator: { accountId: string };
      reporter: { accountId: string };
      assignee: { accountId: string } | null;
      created: string;
      updated: string;
    };
  };
  changelog?: { id: string; items: ChangelogRecord['items'] };
  timestamp: number;
}

export type IssueEventListener = (event: IssueEvent) => void;

/** The changes `updateIssue` makes; each becomes a changelog item and one updated event. */
export interface IssueChanges {
  summary?: string;
  storyPoints?: number | null;
  /** The issue's sprints: every sprint it has been in, the last its current one. */
  sprintIds?: number[];
  parentKey?: string | null;
  rank?: string;
}

export interface NewIssue {
  projectKey: string;
  issueTypeId: string;
  summary: string;
  statusId?: string;
  parentKey?: string | null;
  sprintIds?: number[];
  storyPoints?: number | null;
  rank?: string;
}

export class IssueEvents {
  private readonly listeners = new Set<IssueEventListener>();
  /** The highest issue id given. */
  private lastId = 0;
  /** The highest issue number given in each project. */
  private readonly lastNumber = new Map<string, number>();

  constructor(private readonly records: Records) {}

  listen(listener: IssueEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(eventType: IssueEventType, issue: IssueRecord, items?: ChangelogRecord['items']): void {
    if (this.listeners.size === 0) return;
    const project = this.records.projectOf(issue.projectKey);
    const type = this.records.data.issueTypes.find((t) => t.id === issue.issueTypeId);
    const status = this.records.status(issue.statusId);
    const event: IssueEvent = {
      eventType,
      issue: {
        id: issue.id,
        key: issue.key,
        fields: {
          project: { id: project.id, key: project.key, name: project.name },
          summary: issue.summary,
          issuetype: { id: issue.issueTypeId, name: type?.name ?? 'Issue', subtask: type?.subtask ?? false },
          status: { id: status.id, name: status.name, statusCategory: { key: status.categoryKey } },
          creator: { accountId: issue.reporterAccountId },
          reporter: { accountId: issue.reporterAccountId },
          assignee: issue.assigneeAccountId ? { accountId: issue.assigneeAccountId } : null,
          created: issue.created,
          updated: issue.updated,
        },
      },
      ...(items ? { changelog: { id: issue.changelog.at(-1)?.id ?? '0', items } } : {}),
      timestamp: Date.parse(issue.updated),
    };
    for (const listener of this.listeners) listener(structuredClone(event));
  }

  /** Changes an issue's fields as an edit in Jira does: one changelog entry, `updated` moved, one event. */
  update(keyOrId: string, changes: IssueChanges, options: { at?: Date; accountId?: string } = {}): void {
    const issue = this.issue(keyOrId);
    const at = (options.at ?? this.records.clock()).toISOString();
    const items: ChangelogRecord['items'] = [];
    const item = (field: string, fieldId: string, from: unknown, to: unknown) =>
      items.push({ field, fieldtype: 'custom', fieldId, from: from === null || from === undefined ? null : String(from), fromString: null, to: to === null || to === undefined ? null : String(to), toString: null });
    if (changes.summary !== undefined && changes.summary !== issue.summary) {
      item('summary', 'summary', issue.summary, changes.summary);
      issue.summary = changes.summary;
    }
    if (changes.storyPoints !== undefined && changes.storyPoints !== issue.storyPoints) {
      item('Story point estimate', this.records.data.customFields.storyPoints, issue.storyPoints, changes.storyPoints);
      issue.storyPoints = changes.storyPoints;
    }
    if (changes.sprintIds !== undefined && changes.sprintIds.join(',') !== issue.sprintIds.join(',')) {
      item('Sprint', this.records.data.customFields.sprint, issue.sprintIds.join(', '), changes.sprintIds.join(', '));
      issue.sprintIds = [...changes.sprintIds];
    }
    if (changes.parentKey !== undefined && changes.parentKey !== issue.parentKey) {
      if (changes.parentKey !== null && !this.records.issue(changes.parentKey)) throw new Error(`Issue ${changes.parentKey} does not exist`);
      item('IssueParentAssociation', 'parent', issue.parentKey, changes.parentKey);
      issue.parentKey = changes.parentKey;
    }
    if (changes.rank !== undefined && changes.rank !== issue.rank) {
      item('Rank', this.records.data.customFields.rank, issue.rank, changes.rank);
      issue.rank = changes.rank;
    }
    if (items.length === 0) return;
    this.record(issue, at, items, options.accountId);
    this.emit('avi:jira:updated:issue', issue, items);
  }

  /** Creates an issue (in a to-do status unless told otherwise); answers its key. */
  create(fields: NewIssue, options: { at?: Date; accountId?: string } = {}): string {
    const { data } = this.records;
    const project = this.records.projectOf(fields.projectKey);
    const at = (options.at ?? this.records.clock()).toISOString();
    const id = String(Math.max(10000, this.lastId, ...data.issues.map((i) => Number(i.id)).filter(Number.isFinite)) + 1);
    this.lastId = Number(id);
    // Jira never gives a key twice, not even that of a deleted issue.
    const number = Math.max(this.lastNumber.get(project.key) ?? 0, ...data.issues.filter((i) => i.projectKey === project.key).map((i) => Number(i.key.split('-')[1]) || 0)) + 1;
    this.lastNumber.set(project.key, number);
    const todo = data.statuses.find((s) => s.categoryKey === 'new');
    const issue: IssueRecord = {
      id,
      key: `${project.key}-${number}`,
      projectKey: project.key,
      issueTypeId: fields.issueTypeId,
      summary: fields.summary,
      description: null,
      statusId: fields.statusId ?? todo?.id ?? required(data.statuses[0], 'a status').id,
      priorityId: data.priorities[0]?.id ?? '3',
      labels: [],
      storyPoints: fields.storyPoints ?? null,
      rank: fields.rank ?? `0|z${id}:`,
      sprintIds: [...(fields.sprintIds ?? [])],
      parentKey: fields.parentKey ?? null,
      created: at,
      updated: at,
      resolutiondate: null,
      assigneeAccountId: null,
      reporterAccountId: options.accountId ?? required(data.users[0], 'a user').accountId,
      changelog: [],
      properties: {},
    };
    data.issues.push(issue);
    this.records.add(issue);
    this.emit('avi:jira:created:issue', issue);
    return issue.key;
  }

  /** Deletes an issue as Jira does: its sub-tasks go with it, its children lose their parent. */
  delete(keyOrId: string, options: { at?: Date } = {}): void {
    const issue = this.issue(keyOrId);
    const at = (options.at ?? this.records.clock()).toISOString();
    const children = this.records.data.issues.filter((i) => i.parentKey?.toUpperCase() === issue.key.toUpperCase());
    for (const child of children) {
      if (this.records.isSubtask(child)) {
        this.forget(child);
        this.emit('avi:jira:deleted:issue', child);
      } else {
        this.update(child.key, { parentKey: null }, { at: new Date(at) });
      }
    }
    this.forget(issue);
    this.emit('avi:jira:deleted:issue', issue);
  }

  /** Removes an issue, keeping its id and number from being given again. */
  private forget(issue: IssueRecord): void {
    this.lastId = Math.max(this.lastId, Number(issue.id) || 0);
    this.lastNumber.set(issue.projectKey, Math.max(this.lastNumber.get(issue.projectKey) ?? 0, Number(issue.key.split('-')[1]) || 0));
    this.records.remove(issue);
  }

  private issue(keyOrId: string): IssueRecord {
    const issue = this.records.issue(keyOrId);
    if (!issue) throw new Error(`Issue ${keyOrId} does not exist`);
    return issue;
  }

  private record(issue: IssueRecord, at: string, items: ChangelogRecord['items'], accountId: string | undefined): void {
    const nextId = Math.max(10000, ...this.records.data.issues.flatMap((i) => i.changelog.map((h) => Number(h.id)).filter(Number.isFinite))) + 1;
    issue.changelog.push({ id: String(nextId), authorAccountId: accountId ?? issue.assigneeAccountId ?? issue.reporterAccountId, created: at, items });
    issue.updated = at;
  }
}

/** The tenant's record the emulator needs to create an issue; a tenant without one cannot hold issues. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The Jira emulator's data has no ${what}: an issue cannot be created.`);
  return value;
}
