// Linking and unlinking the issue: one change at a time, the panel as the server answers it, and the
// last unlink kept for a short while so it can be undone.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IssuePanelData } from '../../../../src/contract';
import { call, toResolverCallError, type ResolverCallError } from '../shared/api';

/** Where the change was asked for, so its failure shows right there. */
export type LinkSource = 'picker' | 'list' | 'undo';

export interface LinkAction {
  kind: 'link' | 'unlink';
  keyResultId: string;
  keyResultTitle: string;
  source: LinkSource;
}

export interface LinkProblem {
  action: LinkAction;
  error: ResolverCallError;
}

export interface Unlinked {
  keyResultId: string;
  keyResultTitle: string;
}

/** Long enough to notice and reach the button; short enough not to linger once the moment has passed. */
export const UNDO_MS = 15_000;

export interface LinkActions {
  panel: IssuePanelData;
  pending: LinkAction | null;
  problem: LinkProblem | null;
  unlinked: Unlinked | null;
  /** Resolves true once the server has the change. */
  run(action: LinkAction): Promise<boolean>;
  undo(): void;
  dismissProblem(): void;
  dismissUnlinked(): void;
}

export function useLinkActions(loaded: IssuePanelData): LinkActions {
  const [panel, setPanel] = useState(loaded);
  const [pending, setPending] = useState<LinkAction | null>(null);
  const [problem, setProblem] = useState<LinkProblem | null>(null);
  const [unlinked, setUnlinked] = useState<Unlinked | null>(null);
  // A ref as well as state: two quick clicks must not start two changes.
  const busy = useRef(false);

  // A reload of the panel brings a fresh answer: it replaces whatever the last change returned.
  const [lastLoaded, setLastLoaded] = useState(loaded);
  if (loaded !== lastLoaded) {
    setLastLoaded(loaded);
    setPanel(loaded);
  }

  const run = useCallback(async (action: LinkAction): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    setPending(action);
    setProblem(null);
    try {
      const next = await call(action.kind === 'link' ? 'linkIssue' : 'unlinkIssue', { keyResultId: action.keyResultId });
      setPanel(next);
      setUnlinked(action.kind === 'unlink' ? { keyResultId: action.keyResultId, keyResultTitle: action.keyResultTitle } : null);
      return true;
    } catch (error) {
      setProblem({ action, error: toResolverCallError(error) });
      return false;
    } finally {
      busy.current = false;
      setPending(null);
    }
  }, []);

  const undo = useCallback(() => {
    if (!unlinked) return;
    void run({ kind: 'link', keyResultId: unlinked.keyResultId, keyResultTitle: unlinked.keyResultTitle, source: 'undo' });
  }, [run, unlinked]);

  // The undo offer fades after a while, but never while its re-link is on the way.
  useEffect(() => {
    if (!unlinked || pending) return;
    const timer = setTimeout(() => setUnlinked(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [unlinked, pending]);

  const dismissProblem = useCallback(() => setProblem(null), []);
  const dismissUnlinked = useCallback(() => setUnlinked(null), []);

  return { panel, pending, problem, unlinked, run, undo, dismissProblem, dismissUnlinked };
}
