import { start } from '../shared/bootstrap';
import { ProjectPage } from './ProjectPage';

void start(ProjectPage);
