import '@atlaskit/css-reset';
import { view } from '@forge/bridge';
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';

/** Starts a surface: follow Jira's theme (light or dark) first, then render into #root. */
export async function start(Surface: ComponentType): Promise<void> {
  try {
    await view.theme.enable();
  } catch (error) {
    // Without theming the tokens fall back to the light theme; the app still works.
    console.warn('Outcomes: view.theme.enable failed', error);
  }
  const container = document.getElementById('root');
  if (!container) throw new Error('Outcomes: the HTML entry has no #root element');
  createRoot(container).render(
    <StrictMode>
      <Surface />
    </StrictMode>,
  );
}
