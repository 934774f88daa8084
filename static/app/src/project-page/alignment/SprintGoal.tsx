// A Sprint Goal as Jira has it, and the Key Results it serves: tied by a Product Owner, or suggested
// from the sprint's linked issues until one does.
import Button from '@atlaskit/button/new';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { SprintView } from '../../../../../src/contract';
import { keyResultsOf, type IndexedKeyResult } from './keyResultIndex';
import { KeyResultTags } from './KeyResultTags';
import { servesLabel } from './sprintText';

interface Props {
  sprint: SprintView;
  keyResults: Map<string, IndexedKeyResult>;
  canEdit: boolean;
  onTie: (sprint: SprintView) => void;
  /** Test ids: `sprint` in the timeline, `active-sprint` in the card at the top. */
  testIdPrefix: 'sprint' | 'active-sprint';
}

export function SprintGoal({ sprint, keyResults, canEdit, onTie, testIdPrefix }: Props) {
  const goal = sprint.goal.trim();
  const served = keyResultsOf(sprint.keyResultIds, keyResults);
  return (
    <Stack space="space.075">
      {goal ? (
        <Text testId={`${testIdPrefix}-goal`}>{goal}</Text>
      ) : (
        <Text testId={`${testIdPrefix}-goal-missing`} color="color.text.subtlest">
          No Sprint Goal set
        </Text>
      )}
      <Inline space="space.100" alignBlock="center" shouldWrap testId={`${testIdPrefix}-serves`} data-suggested={sprint.keyResultsSuggested ? 'true' : 'false'}>
        <Text size="small" color={served.length === 0 ? 'color.text.subtlest' : 'color.text.subtle'}>
          {servesLabel(sprint, served.length)}
        </Text>
        <KeyResultTags
          keyResults={served}
          suggested={sprint.keyResultsSuggested}
          testId={`${testIdPrefix}-key-result`}
          label={`Key Results the Sprint Goal of ${sprint.name} serves${sprint.keyResultsSuggested ? ', suggested from linked issues' : ''}`}
        />
        {canEdit && (
          <Button
            spacing="compact"
            // One plain button at the top of the page; a quiet one on each row of the timeline.
            appearance={testIdPrefix === 'active-sprint' ? 'default' : 'subtle'}
            testId="tie-sprint-goal"
            aria-label={`Tie the Sprint Goal of ${sprint.name} to Key Results`}
            onClick={() => onTie(sprint)}
          >
            Tie to Key Results
          </Button>
        )}
      </Inline>
    </Stack>
  );
}
