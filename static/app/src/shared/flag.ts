import { showFlag } from '@forge/bridge';

/** A confirmation in Jira's own flag area, so it survives the page refreshing under it. */
export function flag(title: string): void {
  try {
    showFlag({ id: `outcomes-${Date.now()}`, title, type: 'success', isAutoDismiss: true });
  } catch (error) {
    console.warn('Outcomes: showFlag failed', error);
  }
}
