import { showFlag } from '@forge/bridge';

/**
 * A confirmation in Jira's own flag area, so it survives the page refreshing under it; a warning
 * (something done, with a part left undone) carries its sentence and stays until it is dismissed.
 */
export function flag(title: string, warning?: string): void {
  try {
    showFlag({
      id: `outcomes-${Date.now()}`,
      title,
      ...(warning ? { type: 'warning' as const, description: warning, isAutoDismiss: false } : { type: 'success' as const, isAutoDismiss: true }),
    });
  } catch (error) {
    console.warn('Outcomes: showFlag failed', error);
  }
}
