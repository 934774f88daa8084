// The handlers the manifest names, and nothing else.
import Resolver from '@forge/resolver';
import { handleDeletedLinks } from './jobs/deleted-links';
import { handleImportStage } from './jobs/import-stage';
import { handleKeptIssues } from './jobs/kept-issues';
import { handleKeyResultsField } from './jobs/key-results-field';
import { handleQueryRefresh, handleScheduledQueryRefresh } from './jobs/query-refresh';
import { registerAlignment } from './resolvers/alignment';
import { registerBacklog } from './resolvers/backlog';
import { registerGadget } from './resolvers/gadget';
import { registerIssuePanel } from './resolvers/issue-panel';
import { registerOkrs } from './resolvers/okrs';
import { registerNexus } from './resolvers/nexus';
import { registerOrganization } from './resolvers/organization';
import { registerOrgTransfer } from './resolvers/org-transfer';
import { registerPlanning } from './resolvers/planning';
import { registerProjectPage } from './resolvers/project-page';
import { registerMeasures } from './resolvers/measures';
import { registerPush } from './resolvers/push';
import { registerSettings } from './resolvers/settings';
import { registerSprintReview } from './resolvers/sprint-review';
import { handleIssueChanged, handleIssueDeleted } from './triggers/issue-events';
import { handleJiraFieldsRefresh } from './triggers/jira-fields';
import { handleSprintEvent } from './triggers/sprint-events';
import { handlePushMetric } from './webtriggers/push-metric';

const resolver = new Resolver();
registerProjectPage(resolver);
registerBacklog(resolver);
registerIssuePanel(resolver);
registerOkrs(resolver);
registerPlanning(resolver);
registerSprintReview(resolver);
registerGadget(resolver);
registerSettings(resolver);
registerPush(resolver);
registerOrganization(resolver);
registerOrgTransfer(resolver);
registerNexus(resolver);
registerMeasures(resolver);
registerAlignment(resolver);

export const handler = resolver.getDefinitions();

export const sprintEventHandler = (event: unknown) => handleSprintEvent(event);

export const issueDeletedHandler = (event: unknown) => handleIssueDeleted(event);

export const issueChangedHandler = (event: unknown) => handleIssueChanged(event);

export const jiraFieldsRefresher = () => handleJiraFieldsRefresh();

export const deletedLinksConsumer = (event: unknown) => handleDeletedLinks(event);

export const keptIssuesConsumer = (event: unknown) => handleKeptIssues(event);

export const keyResultsFieldConsumer = (event: unknown) => handleKeyResultsField(event);

export const importStageConsumer = (event: unknown) => handleImportStage(event);

export const pushMetricHandler = (request: unknown) => handlePushMetric(request);

export const queryRefresher = () => handleScheduledQueryRefresh();

export const queryRefreshConsumer = (event: unknown) => handleQueryRefresh(event);
