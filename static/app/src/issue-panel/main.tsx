import { start } from '../shared/bootstrap';
import { IssuePanel } from './IssuePanel';

void start(IssuePanel);
