import '../project-page/featureFlags';
import { pinModalsToVisibleBand } from '../project-page/modalPlacement';
import { start } from '../shared/bootstrap';
import { OrganizationPage } from './OrganizationPage';

// The page is as tall as its content (Jira sizes the frame to it): its dialogs open where the person is
// looking, as the project page's do (project-page/modalPlacement.ts). The organization's own dialogs
// are pinned to the same visible band, with the same gutters.
const ORGANIZATION_MODALS = ['grade-form', 'org-delete-dialog', 'org-settings-form', 'org-transfer-dialog'];
pinModalsToVisibleBand();
const style = document.createElement('style');
style.textContent = `${ORGANIZATION_MODALS.map((id) => `html [data-testid="${id}--positioner"]`).join(',')} {
  inset-block-start: calc(var(--outcomes-visible-top, 0px) + 60px) !important;
  max-height: max(280px, calc(var(--outcomes-visible-height, 100vh) - 119px)) !important;
}`;
document.head.appendChild(style);
void start(OrganizationPage);
