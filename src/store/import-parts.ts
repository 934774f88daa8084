// An import larger than one request (Forge lets a request carry 500 KB): the file's JSON text is sent
// in parts, each kept in storage (entity `import-part`) until the import is finished, then read back
// whole, validated whole and applied as one import (transfer.ts), so nothing of the project changes
// before every part has arrived and the whole document has passed. Staged parts belong to the
// project that began the import, and expire on their own after IMPORT_PARTS_TTL_MINUTES.
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { StoreNotFoundError, StoreValidationError } from './errors';
import { getMany, inParallel } from './io';
import { ENTITY, MAX_TRANSACTION_OPS, type ChangeInput, type ImportPartRecord } from './model';
import { applyImport, IMPORT_PARALLELISM, type ImportSummary } from './transfer';

/** How long a begun import keeps its parts: time to send them all, and to finish a stopped one again. */
export const IMPORT_PARTS_TTL_MINUTES = 60;
/** Characters of a part's text kept in one record: even escaped six times over, inside the platform's 240 KiB. */
const PIECE_CHARS = 32_000;

const ttl = { ttl: { value: IMPORT_PARTS_TTL_MINUTES, unit: 'MINUTES' as const } };
const parts = () => kvs.entity<ImportPartRecord>(ENTITY.importPart);
const pieceKey = (importId: string, part: number, piece: number) => `${importId}:${part}:${piece}`;

/** Begins an import of `count` parts into the project; answers its id and when its parts expire. */
export async function beginImport(projectKey: string, count: number, change: Pick<ChangeInput, 'accountId' | 'at'>): Promise<{ importId: string; parts: number; expiresAt: string }> {
  const importId = randomUUID();
  await parts().set(importId, { projectKey, importId, accountId: change.accountId, createdAt: change.at, parts: count }, ttl);
  return { importId, parts: count, expiresAt: new Date(Date.parse(change.at) + IMPORT_PARTS_TTL_MINUTES * 60_000).toISOString() };
}

/** The import's header, if it was begun in this project and has not expired. */
async function headerOf(projectKey: string, importId: string): Promise<ImportPartRecord & { parts: number }> {
  const header = await parts().get(importId);
  if (!header || header.projectKey !== projectKey || header.parts === undefined) {
    throw new StoreNotFoundError(`There is no import ${importId} waiting in ${projectKey} (its parts are kept ${IMPORT_PARTS_TTL_MINUTES} minutes): begin the import again.`);
  }
  return header as ImportPartRecord & { parts: number };
}

/** The text cut into pieces of at most PIECE_CHARS, never between the two halves of a surrogate pair. */
function piecesOf(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + PIECE_CHARS, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Keeps part `index` (0-based) of the import; sending a part again replaces it. */
export async function stageImportPart(projectKey: string, importId: string, index: number, text: string): Promise<{ importId: string; index: number }> {
  const header = await headerOf(projectKey, importId);
  if (index >= header.parts) throw new StoreValidationError(`index: this import has ${header.parts} parts, numbered from 0 to ${header.parts - 1}.`, 'index');
  const pieces = piecesOf(text);
  if (pieces.length > MAX_TRANSACTION_OPS) throw new StoreValidationError('text: is too long for one part; send the file in more parts.', 'text');
  // One transaction: a part is kept whole or not at all.
  const tx = kvs.transact();
  pieces.forEach((piece, i) =>
    tx.set<ImportPartRecord>(
      pieceKey(importId, index, i),
      { projectKey, importId, accountId: header.accountId, createdAt: header.createdAt, part: index, piece: i, pieces: pieces.length, text: piece },
      { entityName: ENTITY.importPart },
      ttl,
    ),
  );
  await tx.execute();
  return { importId, index };
}

/**
 * Reads every part back, joins them, and applies the document as one import (see applyImport: it is
 * validated whole before anything changes, and holds the project's import lock). The parts stay until
 * the import has been applied, so finishing again after a failure resumes it; then they are removed.
 */
export async function finishImport(projectKey: string, importId: string, change: ChangeInput): Promise<ImportSummary> {
  const { data, keys } = await stagedDocument(projectKey, importId);
  const summary = await applyImport(projectKey, data, change);
  await removeParts(importId, keys);
  return summary;
}

/** The document an import's parts make once joined (every part must have arrived), and the keys of its pieces. */
export async function stagedDocument(projectKey: string, importId: string): Promise<{ data: unknown; keys: string[] }> {
  const header = await headerOf(projectKey, importId);
  const indexes = Array.from({ length: header.parts }, (_, i) => i);
  const firsts = await getMany<ImportPartRecord>(ENTITY.importPart, indexes.map((part) => pieceKey(importId, part, 0)));
  const missing = indexes.filter((part) => !firsts.has(pieceKey(importId, part, 0)));
  if (missing.length > 0) {
    throw new StoreValidationError(`importId: part${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${header.parts} ha${missing.length > 1 ? 've' : 's'} not arrived; send ${missing.length > 1 ? 'them' : 'it'}, then finish.`, 'importId');
  }
  const keys = indexes.flatMap((part) => Array.from({ length: firsts.get(pieceKey(importId, part, 0))?.pieces ?? 1 }, (_, piece) => pieceKey(importId, part, piece)));
  const found = await getMany<ImportPartRecord>(ENTITY.importPart, keys.filter((key) => !firsts.has(key)));
  const texts = keys.map((key) => (firsts.get(key) ?? found.get(key))?.text);
  if (texts.some((text) => text === undefined)) throw new StoreValidationError('importId: a part has expired; begin the import again.', 'importId');
  let data: unknown;
  try {
    data = JSON.parse(texts.join(''));
  } catch {
    throw new StoreValidationError('The parts joined are not one JSON document: send the file again, cut into parts in order.');
  }
  return { data, keys };
}

/** Removes an applied import's parts; what is left expires on its own, so a failure is only logged. */
export async function removeParts(importId: string, keys: string[]): Promise<void> {
  const all = [importId, ...keys];
  const batches: string[][] = [];
  for (let i = 0; i < all.length; i += MAX_TRANSACTION_OPS) batches.push(all.slice(i, i + MAX_TRANSACTION_OPS));
  try {
    await inParallel(batches, IMPORT_PARALLELISM, async (batch) => {
      const tx = kvs.transact();
      for (const key of batch) tx.delete(key, { entityName: ENTITY.importPart });
      await tx.execute();
    });
  } catch (error) {
    console.warn(`Outcomes: the parts of import ${importId} were not all removed (they expire within ${IMPORT_PARTS_TTL_MINUTES} minutes)`, error);
  }
}
