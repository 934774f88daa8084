import { start } from '../shared/bootstrap';
import { SettingsPage } from './SettingsPage';

void start(SettingsPage);
