// Runs one screen's resolver call repeatedly through the real handler and keeps what the benchmark
// reports: platform calls, bytes returned to the UI, wall time and heap.
import { median as medianOf } from '../src/domain/flow';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Envelope } from '../src/contract';
import type { BenchPlatform } from './platform';

/** `global.gc`, exposed at run time when node was not started with --expose-gc. */
export const collectGarbage: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

export const MEMORY_METHOD =
  'V8 heap used during the call above the heap used just before it (after a forced full GC), sampled every 2 ms by a timer and once at the end; the median over the timed runs. ' +
  "A lower bound of the true peak (a spike between two samples inside one synchronous stretch is missed). It includes the runtime's JSON of each answer, which stands for the response body the app receives.";

/** The median of the runs' figures (the app's own, from the flow metrics); 0 for none. */
export const median = (values: number[]): number => medianOf(values) ?? 0;

export interface RunFigures {
  jiraCalls: number;
  kvsCalls: number;
  bytes: number;
  wallMs: number;
  heapPeakBytes: number;
  emulatorCpuMs: number;
  jiraByRoute: Record<string, number>;
  kvsByPath: Record<string, number>;
}

/** Calls and bytes are the same on every run (checked); times and heap are medians of the runs. */
export interface Measurement extends RunFigures {
  runs: RunFigures[];
}

export interface MeasureOptions {
  runs: number;
  warmUps?: number;
  /** Unmeasured work before each run (a warm-up included), e.g. undoing the previous run's link. */
  before?: () => Promise<void>;
}

/** Calls `call` `warmUps` + `runs` times; fails loudly on any answer that is not `ok: true`. */
export async function measure(platform: BenchPlatform, name: string, call: () => Promise<Envelope<unknown>>, options: MeasureOptions): Promise<Measurement> {
  const runs: RunFigures[] = [];
  const warmUps = options.warmUps ?? 1;
  for (let i = 0; i < warmUps + options.runs; i++) {
    await options.before?.();
    collectGarbage();
    const baseline = getHeapStatistics().used_heap_size;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, getHeapStatistics().used_heap_size);
    }, 2);
    platform.resetCounts();
    const started = performance.now();
    let envelope: Envelope<unknown>;
    try {
      envelope = await call();
    } finally {
      clearInterval(sampler);
    }
    const wallMs = performance.now() - started;
    peak = Math.max(peak, getHeapStatistics().used_heap_size);
    if (!envelope.ok) throw new Error(`${name} answered ${envelope.error.code}: ${envelope.error.message}`);
    const figures: RunFigures = {
      jiraCalls: platform.forge.calls.jira,
      kvsCalls: platform.forge.calls.kvs,
      bytes: Buffer.byteLength(JSON.stringify(envelope), 'utf8'),
      wallMs,
      heapPeakBytes: peak - baseline,
      emulatorCpuMs: platform.emulatorCpuMs,
      jiraByRoute: { ...platform.jira.calls.byRoute },
      kvsByPath: { ...platform.kvsByPath },
    };
    if (i >= warmUps) runs.push(figures);
  }
  const first = runs[0];
  if (!first) throw new Error(`${name}: no runs`);
  for (const run of runs) {
    if (run.jiraCalls !== first.jiraCalls || run.kvsCalls !== first.kvsCalls) {
      throw new Error(`${name}: calls differ between runs (${runs.map((r) => `${r.jiraCalls}/${r.kvsCalls}`).join(', ')})`);
    }
  }
  return {
    runs,
    jiraCalls: first.jiraCalls,
    kvsCalls: first.kvsCalls,
    bytes: median(runs.map((run) => run.bytes)),
    wallMs: median(runs.map((run) => run.wallMs)),
    heapPeakBytes: median(runs.map((run) => run.heapPeakBytes)),
    emulatorCpuMs: median(runs.map((run) => run.emulatorCpuMs)),
    jiraByRoute: first.jiraByRoute,
    kvsByPath: first.kvsByPath,
  };
}
