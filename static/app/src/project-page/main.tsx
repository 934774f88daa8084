import './featureFlags';
import { start } from '../shared/bootstrap';
import { pinModalsToVisibleBand } from './modalPlacement';
import { ProjectPage } from './ProjectPage';

pinModalsToVisibleBand();
void start(ProjectPage);
