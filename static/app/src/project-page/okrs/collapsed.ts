// Which Objectives a person folded on a project's page, kept in the browser: Forge's Custom UI iframe
// is sandboxed with `allow-same-origin` on the app's own origin, so `localStorage` works, shared by
// every page of this app in this browser (the key names the person and the project). Browsers that
// partition third-party storage keep it per top-level site, and some refuse it altogether (a
// private window): then every Objective simply starts unfolded, and folding still works until the
// page is left. Nothing here reaches Forge storage or another person.
import { useState } from 'react';

/** The most Objectives remembered per person and project: more than a cycle's, with room for old ones. */
export const MAX_REMEMBERED = 200;

export const collapsedKey = (accountId: string | undefined, projectKey: string | undefined) =>
  `outcomes:collapsed:${accountId ?? 'anyone'}:${projectKey ?? 'project'}`;

/** The folded ids stored under a key, or none when absent, unreadable or not a list of ids. */
export function parseCollapsed(stored: string | null): string[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 128).slice(-MAX_REMEMBERED) : [];
  } catch {
    return [];
  }
}

/** Folds or unfolds one Objective; the latest folded are kept when the list is full. */
export function toggled(collapsed: readonly string[], id: string, fold: boolean): string[] {
  const without = collapsed.filter((each) => each !== id);
  return fold ? [...without, id].slice(-MAX_REMEMBERED) : without;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(key: string): string[] {
  try {
    return parseCollapsed(storage()?.getItem(key) ?? null);
  } catch {
    return [];
  }
}

function write(key: string, ids: readonly string[]): void {
  try {
    const store = storage();
    if (ids.length === 0) store?.removeItem(key);
    else store?.setItem(key, JSON.stringify(ids));
  } catch {
    // Full or refused: the fold holds for this visit only.
  }
}

/** The folded Objectives of this person on this project, remembered across visits. */
export function useCollapsedObjectives(accountId: string | undefined, projectKey: string | undefined) {
  const key = collapsedKey(accountId, projectKey);
  // Read again when the person or the project becomes known (the context arrives after the first render).
  const [state, setState] = useState(() => ({ key, ids: read(key) }));
  const ids = state.key === key ? state.ids : read(key);
  if (state.key !== key) setState({ key, ids });
  const set = (next: string[]) => {
    write(key, next);
    setState({ key, ids: next });
  };
  return {
    isCollapsed: (id: string) => ids.includes(id),
    setCollapsed: (id: string, fold: boolean) => set(toggled(ids, id, fold)),
    setAll: (all: readonly string[], fold: boolean) => set(fold ? [...ids.filter((id) => !all.includes(id)), ...all].slice(-MAX_REMEMBERED) : ids.filter((id) => !all.includes(id))),
  };
}
