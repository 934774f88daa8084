import { showFlag } from '@forge/bridge';

/** A button on a flag: "Undo". */
export interface FlagAction {
  text: string;
  onClick: () => void;
}

/**
 * A confirmation in Jira's own flag area, so it survives the page refreshing under it; a warning
 * (something done, with a part left undone) carries its sentence and stays until it is dismissed.
 * Actions (an Undo) go on the flag as Jira's own flags carry them.
 */
export function flag(title: string, warning?: string, actions: FlagAction[] = []): void {
  try {
    showFlag({
      id: `outcomes-${Date.now()}`,
      title,
      ...(warning ? { type: 'warning' as const, description: warning, isAutoDismiss: false } : { type: 'success' as const, isAutoDismiss: true }),
      ...(actions.length > 0 ? { actions } : {}),
    });
  } catch (error) {
    console.warn('Outcomes: showFlag failed', error);
  }
}
