import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import { router } from '@forge/bridge';
import { usePageContext } from '../shared/forgeContext';

/** The project has no Scrum board, so there are no sprints or backlog to read. */
export function NoBoard({ projectName, headingLevel }: { projectName: string; headingLevel: number }) {
  const { settingsPath } = usePageContext();
  return (
    <EmptyState
      testId="no-board"
      headingLevel={headingLevel}
      header={`${projectName} has no Scrum board`}
      description={
        'Outcomes reads sprints, Sprint Goals and the backlog from a Scrum board. ' +
        'Create a Scrum board for this project in Jira, or choose the board the team uses in the Outcomes settings.'
      }
      primaryAction={
        settingsPath ? (
          <Button
            testId="open-settings"
            onClick={() => {
              router.navigate(settingsPath).catch((error: unknown) => console.warn('Outcomes: could not open the settings', error));
            }}
          >
            Open the Outcomes settings
          </Button>
        ) : undefined
      }
    />
  );
}
