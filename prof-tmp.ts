import { BENCH_TODAY, generateTenant } from './bench/generate';
import { pinClock } from './bench/clock';
import { startBenchPlatform } from './bench/platform';
import { seedTenant } from './bench/seed';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

async function main() {
  const size = Number(process.argv[2] ?? 20000);
  pinClock(BENCH_TODAY);
  const tenant = generateTenant(size);
  const platform = startBenchPlatform(tenant.data, tenant.subjects.projectKey);
  await seedTenant(platform, tenant);
  await platform.onProjectPage('sam', 'getProjectOverview');
  await platform.forge.queuesSettled();
  await platform.onProjectPage('priya', 'getProjectOverview');
  await platform.forge.queuesSettled();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const t = performance.now();
  for (let i = 0; i < 5; i++) { const a = await platform.onProjectPage('priya', 'getProjectOverview'); if (!(a as {ok:boolean}).ok) throw new Error('fail'); }
  console.log('5 views ms', performance.now() - t);
  const { profile } = await session.post('Profiler.stop');
  writeFileSync('/tmp/prof/p.cpuprofile', JSON.stringify(profile));
  platform.close();
  process.exit(0);
}
void main();
