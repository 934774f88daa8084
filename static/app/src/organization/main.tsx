import '../project-page/featureFlags';
import { start } from '../shared/bootstrap';
import { OrganizationPage } from './OrganizationPage';

void start(OrganizationPage);
