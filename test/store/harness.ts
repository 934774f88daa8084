// The store's tests run the real @forge/kvs SDK against the KVS emulator (the manifest's entities
// and the platform limits enforced), inside Forge-like invocations of the local runtime. The
// emulator persists to a temporary file, which gives a full snapshot of storage to compare.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoData } from '../../local/jira/demo-data';
import { JiraEmulator } from '../../local/jira/emulator';
import { KvsEmulator } from '../../local/kvs/emulator';
import { manifestEntities } from '../../local/preview';
import { installLocalForge, type LocalForge } from '../../local/runtime';
import type { ChangeInput } from '../../src/store/okrs';

export const PRIYA = '5d6f2b8e4c1a90006e3f7a21';
export const SAM = '5e9a41c7b3d2f80069b0c4d2';

export interface StoreHarness {
  kvs: KvsEmulator;
  forge: LocalForge;
  /** Runs `fn` inside a Forge-like invocation (as a trigger would run: no user). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Everything stored, every table, as the emulator persisted it. */
  snapshot(): unknown;
  close(): void;
}

export function startStore(): StoreHarness {
  const dir = mkdtempSync(join(tmpdir(), 'outcomes-store-'));
  const file = join(dir, 'kvs.json');
  const kvs = new KvsEmulator({ entities: manifestEntities(), file });
  const forge = installLocalForge({ kvs, jira: new JiraEmulator(createDemoData({ today: new Date('2026-11-23T12:00:00.000Z') })) });
  return {
    kvs,
    forge,
    run: <T>(fn: () => Promise<T>) => forge.deliverEvent({ moduleKey: 'store-test', handler: () => fn(), event: {} }) as Promise<T>,
    snapshot: () => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { tables: unknown }).tables : {}),
    close() {
      forge.uninstall();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let clock = Date.parse('2026-10-05T09:00:00.000Z');

/** A change by `accountId`, each one a minute after the previous (so history order is known). */
export function change(what: string, accountId = PRIYA, reason?: string): ChangeInput {
  clock += 60_000;
  return { accountId, at: new Date(clock).toISOString(), what, ...(reason ? { reason } : {}) };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}
