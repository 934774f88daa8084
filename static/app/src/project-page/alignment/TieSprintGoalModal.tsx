// The Product Owner ties a Sprint Goal to the Key Results it serves: a multi-select grouped by
// Objective, pre-filled with what the sprint serves now (a suggestion included).
import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import { Stack, Text } from '@atlaskit/primitives';
import Select, { components, type MultiValueRemoveProps, type StylesConfig } from '@atlaskit/select';
import { useMemo, useState } from 'react';
import type { DataOf, ObjectiveStatus, ObjectiveView, SprintView } from '../../../../../src/contract';
import { call } from '../../shared/api';
import { OBJECTIVE_STATUS_LOOK } from '../../shared/format';
import { FormModal } from '../okrs/FormModal';
import { focusOnMount } from '../../shared/focusOnMount';

interface Option {
  label: string;
  value: string;
}

interface Group {
  label: string;
  options: Option[];
}

type Values = {
  keyResults: readonly Option[] | null;
};

/**
 * Readable whole: the menu leaves the dialog (a portal on the page's body, fixed, above the modal's
 * layer), so the dialog's scroll box no longer cuts it off; long Key Result names wrap in the menu
 * instead of ending in an ellipsis. So do the chosen ones: a multi-value style makes them
 * react-select's tag-like values (Atlaskit's own look), which may grow past one line and the tag's
 * width cap, and their text wraps.
 */
const READABLE: StylesConfig<Option, true> = {
  menuPortal: (base) => ({ ...base, zIndex: 1000 }),
  option: (base) => ({ ...base, whiteSpace: 'normal', overflowWrap: 'anywhere' }),
  groupHeading: (base) => ({ ...base, whiteSpace: 'normal', overflowWrap: 'anywhere', textTransform: 'none' }),
  multiValue: (base) => ({ ...base, height: 'auto', maxWidth: '100%' }),
  multiValueLabel: (base) => ({ ...base, whiteSpace: 'normal', overflowWrap: 'anywhere', textOverflow: 'clip' }),
};

/**
 * Each chosen Key Result's remove button says which it takes off and is in the Tab order, as Atlaskit's
 * tags are: Enter or Space on it takes the Key Result off (react-select's own keys stay: Backspace, ←/→).
 */
function RemoveKeyResult(props: MultiValueRemoveProps<Option, true>) {
  const [hasFocus, setHasFocus] = useState(false);
  return (
    <components.MultiValueRemove
      {...props}
      isFocused={props.isFocused === true || hasFocus}
      innerProps={{
        ...props.innerProps,
        'aria-label': `Remove ${props.data.label}`,
        tabIndex: 0,
        onFocus: () => setHasFocus(true),
        onBlur: () => setHasFocus(false),
        onKeyDown: (event) => {
          if (event.key !== 'Enter' && event.key !== ' ') return;
          // Not the select's: Space there would open the menu.
          event.preventDefault();
          event.stopPropagation();
          event.currentTarget.click();
        },
      }}
    />
  );
}
const CHOSEN = { MultiValueRemove: RemoveKeyResult };

/** The server names the list, or one of its items (`keyResultIds.3`). */
const FIELDS = { prefix: '', names: { keyResultIds: 'keyResults' } };

/** The most a Sprint Goal may serve (the payload's cap). */
const MAX_KEY_RESULTS = 25;
const ORDER: Record<ObjectiveStatus, number> = { active: 0, draft: 1, done: 2, dropped: 3 };

interface Props {
  sprint: SprintView;
  objectives: ObjectiveView[];
  onClose: () => void;
  onSaved: (saved: DataOf<'setSprintKeyResults'>) => void;
  onReload: () => void;
}

/** The cycle's Key Results grouped by Objective; dropped Objectives only when the sprint still names one of theirs. */
export function keyResultGroups(objectives: ObjectiveView[], chosenIds: string[]): Group[] {
  return [...objectives]
    .filter((objective) => objective.status !== 'dropped' || objective.keyResults.some((kr) => chosenIds.includes(kr.id)))
    .filter((objective) => objective.keyResults.length > 0)
    .sort((a, b) => ORDER[a.status] - ORDER[b.status])
    .map((objective) => ({
      label: objective.status === 'active' ? objective.title : `${objective.title} (${OBJECTIVE_STATUS_LOOK[objective.status].label.toLowerCase()})`,
      options: objective.keyResults.map((keyResult) => ({ value: keyResult.id, label: keyResult.title })),
    }));
}

export function TieSprintGoalModal({ sprint, objectives, onClose, onSaved, onReload }: Props) {
  const groups = useMemo(() => keyResultGroups(objectives, sprint.keyResultIds), [objectives, sprint.keyResultIds]);
  const initial = useMemo(() => {
    const byId = new Map(groups.flatMap((group) => group.options).map((option) => [option.value, option]));
    return sprint.keyResultIds.flatMap((id) => byId.get(id) ?? []);
  }, [groups, sprint.keyResultIds]);
  const goal = sprint.goal.trim();

  const save = async (values: Values) => {
    onSaved(await call('setSprintKeyResults', { sprintId: sprint.id, keyResultIds: (values.keyResults ?? []).map((option) => option.value) }));
  };

  return (
    <FormModal<Values>
      testId="tie-sprint-goal-dialog"
      title={`Tie ${sprint.name} to Key Results`}
      label={`Tie the Sprint Goal of ${sprint.name} to Key Results`}
      width="medium"
      what="Sprint Goal"
      fields={FIELDS}
      save={save}
      onClose={onClose}
      onReload={onReload}
      submitLabel="Save"
      submitTestId="save-sprint-key-results"
      space="space.150"
      intro={
        <Stack space="space.050">
          <Text size="small" color="color.text.subtle">
            Sprint Goal
          </Text>
          {goal ? (
            <Text weight="semibold">{goal}</Text>
          ) : (
            <Text color="color.text.subtlest">No Sprint Goal set: write one in Jira's backlog, on the sprint.</Text>
          )}
        </Stack>
      }
    >
      <Field<readonly Option[] | null>
        name="keyResults"
        label="Key Results"
        defaultValue={initial}
        validate={(value) =>
          (value?.length ?? 0) > MAX_KEY_RESULTS ? `A Sprint Goal can serve at most ${MAX_KEY_RESULTS} Key Results.` : undefined
        }
      >
        {({ fieldProps: { id, ...rest }, error }) => (
          <>
            <Select<Option, true>
              {...rest}
              inputId={id}
              testId="tie-key-results"
              isMulti
              ref={focusOnMount}
              options={groups}
              styles={READABLE}
              components={CHOSEN}
              menuPortalTarget={document.body}
              menuPosition="fixed"
              menuShouldBlockScroll
              placeholder="Choose the Key Results it serves"
              noOptionsMessage={() => 'No other Key Result in this cycle'}
            />
            {error ? (
              <ErrorMessage>{error}</ErrorMessage>
            ) : (
              <HelperMessage>
                {sprint.keyResultsSuggested && sprint.keyResultIds.length > 0
                  ? "Pre-filled with the Key Results its linked issues suggest. Saving makes them the Sprint Goal's own."
                  : "Which Key Results the sprint's work moves. Its issues are linked to Key Results on their own."}
              </HelperMessage>
            )}
          </>
        )}
      </Field>
    </FormModal>
  );
}
