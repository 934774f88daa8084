// Posts one Key Result value to the local preview's push endpoint, as an analytics job or CI would:
//   npm run push-metric -- --value=63 [--key-result=<id>] [--at=2026-11-18T05:00:00Z] [--note="…"]
//                          [--secret=<the project's push secret>] [--project=GYM] [--url=http://127.0.0.1:8080]
// Without --secret and --key-result it uses the demo's (the preview keeps them in .local-data/ when it
// seeds the demo; a secret made on the settings page is shown there once: pass it with --secret).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PUSH_FILE } from './demo-push';
import { DEFAULT_DATA_DIR } from './preview';
import { webTriggerId } from './webtriggers';

function args(argv: string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/s.exec(arg);
    if (!match?.[1]) throw new Error(`Not an option: ${arg} (options are --name=value).`);
    found[match[1]] = match[2] ?? '';
  }
  return found;
}

function demoPush(): { secret?: string; keyResultId?: string } {
  try {
    return JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, DEMO_PUSH_FILE), 'utf8')) as { secret?: string; keyResultId?: string };
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const given = args(process.argv.slice(2));
  const demo = demoPush();
  const secret = given.secret ?? demo.secret;
  const keyResultId = given['key-result'] ?? demo.keyResultId;
  if (!secret || !keyResultId) throw new Error('Give --secret and --key-result (the demo’s are kept only once the preview has seeded the demo).');
  if (given.value === undefined) throw new Error('Give the value: --value=63.');
  const origin = given.url ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`;
  const url = `${origin}/x1/${webTriggerId('push-metric')}?project=${encodeURIComponent(given.project ?? 'GYM')}`;
  const body = { keyResultId, value: Number(given.value), ...(given.at ? { at: given.at } : {}), ...(given.note ? { note: given.note } : {}) };
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });
  console.log(`${response.status} ${await response.text()}`);
  if (!response.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
