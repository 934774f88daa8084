// What storage and Jira's search must agree on once every write and every background job has ended:
// each link record, the digest of its Key Result, the digest of its issue and the Key Result itself
// name one another, and no issue's `outcomes` property names a Key Result that is gone. Read straight
// from the emulators, so it sees exactly what is stored.
import { fieldValueOf, KEY_RESULTS_FIELD_MODULE } from '../../src/jobs/key-results-field';
import type { IssueLinkRecord } from '../../src/store/links';
import type { TestPlatform } from './platform';

interface Stored {
  tables: Record<string, Record<string, { value: unknown }>>;
}

interface LinkRecord {
  issueId: string;
  keyResultId: string;
}

/**
 * Every disagreement between links, Key Result digests, issue digests and Key Results (and, with
 * `exactProperties`, between each issue's links and its `outcomes` property; with `exactField`, its
 * Key Results field), as sentences; [] when
 * they agree. Waits for the async events queued so far to be delivered first.
 */
export async function inconsistencies(platform: TestPlatform, options: { exactProperties?: boolean; exactField?: boolean } = {}): Promise<string[]> {
  await platform.forge.queuesSettled();
  const { tables } = JSON.parse(platform.kvs.snapshot()) as Stored;
  const table = <T>(entity: string) => new Map(Object.entries(tables[`entity:${entity}`] ?? {}).map(([key, item]) => [key, item.value as T]));
  const keyResults = table<{ id: string; title: string }>('key-result');
  const links = table<LinkRecord>('issue-link');
  const digests = table<{ issueIds: string[] }>('key-result-links');
  const issueDigests = table<{ links: LinkRecord[] }>('issue-links');
  const problems: string[] = [];

  for (const [key, link] of links) {
    if (!keyResults.has(link.keyResultId)) problems.push(`link ${key} names a missing Key Result`);
    if (!digests.get(link.keyResultId)?.issueIds.includes(link.issueId)) problems.push(`link ${key} is not in its Key Result's digest`);
    if (!issueDigests.get(link.issueId)?.links.some((entry) => entry.keyResultId === link.keyResultId)) problems.push(`link ${key} is not in its issue's digest`);
  }
  for (const [keyResultId, digest] of digests) {
    if (!keyResults.has(keyResultId)) problems.push(`the digest of missing Key Result ${keyResultId} is kept`);
    for (const issueId of digest.issueIds) {
      if (!links.has(`${issueId}:${keyResultId}`)) problems.push(`Key Result ${keyResultId}'s digest lists issue ${issueId} without a link`);
    }
  }
  for (const [issueId, digest] of issueDigests) {
    for (const entry of digest.links) {
      if (!links.has(`${issueId}:${entry.keyResultId}`)) problems.push(`issue ${issueId}'s digest lists Key Result ${entry.keyResultId} without a link`);
      if (!keyResults.has(entry.keyResultId)) problems.push(`issue ${issueId}'s digest lists missing Key Result ${entry.keyResultId}`);
    }
  }
  for (const issue of platform.jira.data.issues) {
    const property = issue.properties.outcomes as { keyResultIds?: string[] } | undefined;
    if (!property) continue;
    const named = property.keyResultIds ?? [];
    for (const keyResultId of named) {
      if (!keyResults.has(keyResultId)) problems.push(`${issue.key}'s outcomes property names missing Key Result ${keyResultId}`);
    }
    if (options.exactProperties) {
      const linked = (issueDigests.get(issue.id)?.links ?? []).map((entry) => entry.keyResultId).sort();
      if (JSON.stringify([...named].sort()) !== JSON.stringify(linked)) problems.push(`${issue.key}'s outcomes property names ${named.join(', ')}, its links ${linked.join(', ')}`);
    }
  }
  // With `exactField`: each issue's Key Results field holds the titles of the Key Results its links name.
  const field = platform.jira.data.appFields?.find((candidate) => candidate.type.endsWith(`/static/${KEY_RESULTS_FIELD_MODULE}`));
  if (options.exactField && field) {
    const titles = new Map([...keyResults].map(([id, keyResult]) => [id, keyResult.title]));
    for (const issue of platform.jira.data.issues) {
      const expected = fieldValueOf((issueDigests.get(issue.id)?.links ?? []) as IssueLinkRecord[], titles);
      const held = field.values[issue.id] ?? null;
      if (JSON.stringify(held) !== JSON.stringify(expected)) problems.push(`${issue.key}'s Key Results field holds ${JSON.stringify(held)}, its links name ${JSON.stringify(expected)}`);
    }
  }
  return problems;
}
