// Nexuses: named groups of 2–12 projects sharing one Product Goal ("team of teams"). One small plain
// key each (`nexus:<id>`, not a custom entity: the app's 20 are spoken for), listed with one query of
// the prefix (100 keys a page; a site holds at most NEXUS_MAX of them). A project is in at most one
// Nexus. A plain key takes no write condition: a save checks the version read just before it, as the
// organization settings' does (Nexuses change rarely, and only by the organization's managers).
import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { NEXUS_MAX, NEXUS_MAX_PROJECTS, NEXUS_MIN_PROJECTS, NEXUS_NAME_MAX_LENGTH, PRODUCT_GOAL_MAX_LENGTH } from '../contract';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from './errors';
import { putKey, putValue } from './io';
import { PAGE_SIZE, parseOrThrow, withoutUndefined } from './model';

const PREFIX = 'nexus:';
const keyOf = (id: string) => `${PREFIX}${id}`;
/** The plain key a Nexus is kept under (an organization import writes it too). */
export const nexusKey = keyOf;

export const storedNexusSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(NEXUS_NAME_MAX_LENGTH),
  projectKeys: z.array(z.string().min(1).max(255)).min(NEXUS_MIN_PROJECTS).max(NEXUS_MAX_PROJECTS),
  productGoal: z.strictObject({ text: z.string().min(1).max(PRODUCT_GOAL_MAX_LENGTH), servesOrgObjectiveId: z.string().min(1).max(64).optional() }),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredNexus = z.infer<typeof storedNexusSchema>;
export type NexusInput = Pick<StoredNexus, 'id' | 'name' | 'projectKeys' | 'productGoal'>;

/** A Nexus as stored, or null (absent, or of a shape not understood). One KVS get. */
export async function getStoredNexus(id: string): Promise<StoredNexus | null> {
  const parsed = storedNexusSchema.safeParse(await kvs.get(keyOf(id)));
  return parsed.success ? parsed.data : null;
}

/** Every Nexus of the site, by name: one query per 100. */
export async function listNexuses(): Promise<StoredNexus[]> {
  const found: StoredNexus[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(PREFIX)).limit(PAGE_SIZE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const result of page.results) {
      const parsed = storedNexusSchema.safeParse(result.value);
      if (parsed.success) found.push(parsed.data);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return found.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * Creates (no `expectedVersion`, or 0) or changes a Nexus, refused when someone saved it since
 * `expectedVersion`, when one of its projects is in another Nexus, or past NEXUS_MAX Nexuses.
 */
export async function saveNexus(next: NexusInput, at: string, expectedVersion?: number): Promise<StoredNexus> {
  const [current, all] = await Promise.all([getStoredNexus(next.id), listNexuses()]);
  if (!current && expectedVersion !== undefined && expectedVersion !== 0) throw new StoreNotFoundError(`Nexus ${next.id} does not exist (it may have been deleted).`);
  if (current && expectedVersion !== current.version) throw new StoreConflictError(`Nexus ${current.id}`, expectedVersion, current.version);
  if (!current && all.length >= NEXUS_MAX) throw new StoreValidationError(`A site can have at most ${NEXUS_MAX} Nexuses.`, 'nexus');
  for (const other of all) {
    if (other.id === next.id) continue;
    const shared = next.projectKeys.find((projectKey) => other.projectKeys.includes(projectKey));
    if (shared) throw new StoreValidationError(`${shared} is already in the Nexus “${other.name}”: a project is in at most one Nexus.`, 'nexus.projectKeys');
  }
  const saved = parseOrThrow(
    storedNexusSchema,
    withoutUndefined({ ...next, productGoal: withoutUndefined(next.productGoal), version: (current?.version ?? 0) + 1, createdAt: current?.createdAt ?? at, updatedAt: at }),
    'nexus',
  ) as StoredNexus;
  await putValue(keyOf(saved.id), saved);
  return saved;
}

/** Deletes a Nexus, refused when someone saved it since `expectedVersion`. */
export async function deleteNexus(id: string, expectedVersion: number): Promise<void> {
  const current = await getStoredNexus(id);
  if (!current) throw new StoreNotFoundError(`Nexus ${id} does not exist (it may have been deleted already).`);
  if (current.version !== expectedVersion) throw new StoreConflictError(`Nexus ${id}`, expectedVersion, current.version);
  await putKey(keyOf(id), undefined);
}
