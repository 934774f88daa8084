// The figures BENCHMARKS.md showed before issue 15 (a page whose cost follows what changed), kept so
// that every later run puts them beside its own: the run of 2 Dec 2026 12:38 UTC, commit 99fc5c6, Jira
// 50 ms and KVS 10 ms per call, on 2 cores. Taken from BENCHMARKS.md as it was then (commit 78b2713).
import type { ScreenId } from './run';

export interface BeforeScreen {
  id: ScreenId;
  jiraCalls: number;
  kvsCalls: number;
  bytes: number;
  wallMs: number;
}

export const BEFORE = {
  label: 'before issue 15 (2 Dec 2026, commit 99fc5c6)',
  sizes: [
    {
      size: 500,
      screens: [
        { id: 'overview', jiraCalls: 14, kvsCalls: 9, bytes: 120900, wallMs: 354 },
        { id: 'panel-story', jiraCalls: 2, kvsCalls: 2, bytes: 4000, wallMs: 79 },
        { id: 'panel-subtask', jiraCalls: 3, kvsCalls: 2, bytes: 4100, wallMs: 130 },
        { id: 'search', jiraCalls: 1, kvsCalls: 3, bytes: 71300, wallMs: 73 },
        { id: 'link', jiraCalls: 3, kvsCalls: 10, bytes: 5800, wallMs: 206 },
        { id: 'review', jiraCalls: 5, kvsCalls: 4, bytes: 6600, wallMs: 184 },
      ],
    },
    {
      size: 5000,
      screens: [
        { id: 'overview', jiraCalls: 51, kvsCalls: 9, bytes: 618800, wallMs: 807 },
        { id: 'panel-story', jiraCalls: 2, kvsCalls: 2, bytes: 4000, wallMs: 85 },
        { id: 'panel-subtask', jiraCalls: 3, kvsCalls: 2, bytes: 4100, wallMs: 133 },
        { id: 'search', jiraCalls: 1, kvsCalls: 3, bytes: 71200, wallMs: 82 },
        { id: 'link', jiraCalls: 3, kvsCalls: 10, bytes: 5900, wallMs: 211 },
        { id: 'review', jiraCalls: 5, kvsCalls: 5, bytes: 53800, wallMs: 192 },
      ],
    },
    {
      size: 20000,
      screens: [
        { id: 'overview', jiraCalls: 171, kvsCalls: 9, bytes: 2240700, wallMs: 2235 },
        { id: 'panel-story', jiraCalls: 2, kvsCalls: 2, bytes: 4000, wallMs: 82 },
        { id: 'panel-subtask', jiraCalls: 3, kvsCalls: 2, bytes: 4000, wallMs: 132 },
        { id: 'search', jiraCalls: 1, kvsCalls: 3, bytes: 71200, wallMs: 74 },
        { id: 'link', jiraCalls: 3, kvsCalls: 10, bytes: 5800, wallMs: 219 },
        { id: 'review', jiraCalls: 7, kvsCalls: 5, bytes: 93000, wallMs: 206 },
      ],
    },
  ] as Array<{ size: number; screens: BeforeScreen[] }>,
  /** First-load JS, gzipped, by UI entry. */
  bundleJsGzipBytes: { 'project-page': 238200, 'issue-panel': 89100 } as Record<string, number>,
};

/**
 * The Jira calls of an hour of a busy team when the benchmark first measured it, with the issues kept
 * but each event reading its issue again and each view reading the sprints and the running sprint
 * whole: BENCHMARKS.md of 2 Dec 2026, commit 9a56b05 (counted live, so latency does not change them).
 */
export const HOUR_BEFORE = { label: 'commit 9a56b05', bySize: new Map([[500, 1577], [5000, 1471], [20000, 1710]]) };
