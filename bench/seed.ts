// Puts a tenant's OKRs, links and a Sprint Review into Forge storage through the app's own code,
// inside invocations of the local runtime (no latency: seeding is not measured):
//   - the OKRs with `importProject` (src/store/transfer.ts), from the generated export;
//   - the links as the store keeps them (`linkKey`, entity `issue-link`), each Key Result's digest of
//     its linked issues (entity `key-result-links`) and each issue's digest of its links (entity
//     `issue-links`), as linking leaves them: 25 per KVS transaction, 8 transactions at once;
//   - Jira's sprint-closed event for the last closed sprint, through `sprintEventHandler` (src/index.ts),
//     which opens its review; then three grades through the `gradeKeyResult` resolver.
import { kvs } from '@forge/kvs';
import { sprintEventHandler } from '../src/index';
import { type IssueLinkRecord, type IssueLinksDigest, linkKey } from '../src/store/links';
import { ENTITY, type LinkDigest, MAX_TRANSACTION_OPS } from '../src/store/model';
import { importProject } from '../src/store/transfer';
import type { Tenant } from './generate';
import { type BenchPlatform, USERS } from './platform';
import { must } from '../test/support/must';

export interface SeedReport {
  ms: number;
  links: number;
  transactions: number;
  reviewUnits: number;
  reviewKeyResults: number;
  graded: string[];
}

/** Link transactions written at once while seeding. */
const SEED_CONCURRENCY = 8;

const GRADES = [
  { score: 0.7, confidence: 7, note: 'Most of the planned work landed; the metric moved as hoped.' },
  { score: 0.4, confidence: 5, note: 'Half the stories slipped to the next sprint.' },
  { score: 1, confidence: 9, note: 'Target reached early.' },
];

function unwrap<T>(envelope: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }, what: string): T {
  if (!envelope.ok) throw new Error(`${what} failed: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data;
}

export async function seedTenant(platform: BenchPlatform, tenant: Tenant): Promise<SeedReport> {
  const started = performance.now();
  platform.setLatency(0, 0);
  const { projectKey, reviewSprintId } = tenant.subjects;
  const run = <T>(fn: () => Promise<T>) => platform.forge.deliverEvent({ moduleKey: 'bench-seed', handler: () => fn(), event: {} }) as Promise<T>;

  await run(() => importProject(projectKey, tenant.okrs, { accountId: USERS.priya, at: new Date(Date.parse(tenant.today) - 60_000).toISOString(), what: 'project.imported' }));

  // Each transaction is all or nothing on its own, and no two write the same key: several at once,
  // as the app's own import writes (4 at once; here more, as nothing else runs).
  let transactions = 0;
  const writeAll = async <T>(records: T[], write: (tx: ReturnType<typeof kvs.transact>, record: T) => void) => {
    const chunks: T[][] = [];
    for (let start = 0; start < records.length; start += MAX_TRANSACTION_OPS) chunks.push(records.slice(start, start + MAX_TRANSACTION_OPS));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const tx = kvs.transact();
        for (const record of must(chunks[next++], 'chunks[next++]')) write(tx, record);
        await tx.execute();
        transactions += 1;
      }
    };
    await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  };
  await run(async () => {
    await writeAll(tenant.links, (tx, link) => tx.set<IssueLinkRecord>(linkKey(link.issueId, link.keyResultId), link, { entityName: ENTITY.issueLink }));
    // The digests, replacing the empty ones the import gave each Key Result.
    const issuesOf = new Map<string, string[]>();
    for (const link of tenant.links) {
      const list = issuesOf.get(link.keyResultId);
      if (list) list.push(link.issueId);
      else issuesOf.set(link.keyResultId, [link.issueId]);
    }
    const digests = [...issuesOf].map(([keyResultId, issueIds]): LinkDigest => ({ keyResultId, projectKey, issueIds: [...new Set(issueIds)], version: 2 }));
    await writeAll(digests, (tx, digest) => tx.set<LinkDigest>(digest.keyResultId, digest, { entityName: ENTITY.linkDigest }));
    // Each linked issue's digest of its links, as linking leaves them.
    const linksOf = new Map<string, IssueLinkRecord[]>();
    for (const link of tenant.links) {
      const list = linksOf.get(link.issueId);
      if (list) list.push(link);
      else linksOf.set(link.issueId, [link]);
    }
    const issueDigests = [...linksOf].map(([issueId, records]): IssueLinksDigest => ({ issueId, projectKey, links: records, version: 1 }));
    await writeAll(issueDigests, (tx, digest) => tx.set<IssueLinksDigest>(digest.issueId, digest, { entityName: ENTITY.issueDigest }));
  });
  // Whatever background work the seeding started (none today) is done before anything is measured.
  await platform.forge.queuesSettled();

  // Jira closed the sprint (the generated data has it closed); the event opens its review.
  const event = { eventType: 'avi:jira-software:closed:sprint', sprint: platform.jira.sprintJson(reviewSprintId), atlassianId: USERS.priya };
  const delivered = (await platform.forge.deliverEvent({ moduleKey: 'sprint-events', handler: sprintEventHandler, event })) as { reviewsOpened?: string[] };
  if (!delivered.reviewsOpened?.includes(projectKey)) throw new Error(`The sprint-closed event opened no review for ${projectKey}: ${JSON.stringify(delivered)}`);

  const review = unwrap(await platform.onProjectPage('priya', 'getSprintReview', { sprintId: reviewSprintId }), 'getSprintReview (seed)');
  const graded: string[] = [];
  for (const [i, grade] of GRADES.entries()) {
    const keyResult = review.keyResults[i];
    if (!keyResult) break;
    unwrap(await platform.onProjectPage('priya', 'gradeKeyResult', { sprintId: reviewSprintId, keyResultId: keyResult.id, ...grade }), 'gradeKeyResult (seed)');
    graded.push(keyResult.id);
  }
  return {
    ms: performance.now() - started,
    links: tenant.links.length,
    transactions,
    reviewUnits: review.sprint.issueCount,
    reviewKeyResults: review.keyResults.length,
    graded,
  };
}
