import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import Select from '@atlaskit/select';
import Textarea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import type { NexusView, PayloadOf } from '../../../../src/contract';
import { call } from '../shared/api';
import { focusOnMount } from '../shared/focusOnMount';
import { useResolver } from '../shared/useResolver';
import { FormModal } from '../project-page/okrs/FormModal';
import { requiredText, typed } from '../project-page/okrs/quality';

// The bounds the server checks (the contract's NEXUS_* and PRODUCT_GOAL_MAX_LENGTH: the UI imports only its types).
const NEXUS_MIN_PROJECTS = 2;
const NEXUS_MAX_PROJECTS = 12;
const NEXUS_NAME_MAX_LENGTH = 80;
const PRODUCT_GOAL_MAX_LENGTH = 500;

interface Option {
  label: string;
  value: string;
}

type Values = {
  name: string;
  projects: readonly Option[] | null;
  goal: string;
  serves: Option | null;
};

const FIELDS = { prefix: 'nexus', names: { name: 'name', projectKeys: 'projects', 'productGoal.text': 'goal', productGoal: 'goal', 'productGoal.servesOrgObjectiveId': 'serves' } };

interface Props {
  /** The Nexus to change; absent to create one. */
  nexus?: NexusView;
  /** The organization Objectives its Product Goal may serve. */
  objectives: ReadonlyArray<{ id: string; title: string }>;
  onClose: () => void;
  onSaved: () => void;
  onReload: () => void;
}

/** A Nexus: its name, its teams (projects the manager may browse) and the one Product Goal they share. */
export function NexusFormModal({ nexus, objectives, onClose, onSaved, onReload }: Props) {
  const browsable = useResolver('getGadgetProjects', {});
  const projectOptions: Option[] = (browsable.data?.projects ?? []).map((project) => ({ value: project.key, label: `${project.name} (${project.key})` }));
  const objectiveOptions: Option[] = objectives.map((objective) => ({ value: objective.id, label: objective.title }));
  const save = async (values: Values) => {
    const servesOrgObjectiveId = values.serves?.value;
    const payload: PayloadOf<'saveNexus'> = {
      nexus: {
        ...(nexus ? { id: nexus.id } : {}),
        name: typed(values.name),
        projectKeys: (values.projects ?? []).map((option) => option.value),
        productGoal: { text: typed(values.goal), ...(servesOrgObjectiveId ? { servesOrgObjectiveId } : {}) },
      },
      ...(nexus ? { expectedVersion: nexus.version } : {}),
    };
    await call('saveNexus', payload);
    onSaved();
  };
  const initialProjects = nexus?.projects.map((project) => ({ value: project.key, label: `${project.name} (${project.key})` })) ?? [];
  const initialServes = objectiveOptions.find((option) => option.value === nexus?.productGoal.servesOrgObjectiveId) ?? null;

  return (
    <FormModal<Values>
      testId="nexus-form"
      title={nexus ? 'Edit Nexus' : 'New Nexus'}
      width="medium"
      what="Nexus"
      fields={FIELDS}
      save={save}
      onClose={onClose}
      onReload={onReload}
      submitLabel={nexus ? 'Save changes' : 'Create Nexus'}
      submitTestId="save-nexus"
    >
      <Field<string> name="name" label="Name" isRequired defaultValue={nexus?.name ?? ''} validate={requiredText('Name')}>
        {({ fieldProps, error }) => (
          <>
            <Textfield {...fieldProps} ref={focusOnMount} testId="nexus-name" maxLength={NEXUS_NAME_MAX_LENGTH} placeholder="Club experience" />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>A team of teams: the Scrum teams working from one Product Backlog toward one Product Goal.</HelperMessage>}
          </>
        )}
      </Field>
      <Field<readonly Option[] | null>
        name="projects"
        label="Teams (projects)"
        isRequired
        defaultValue={initialProjects}
        validate={(value) => ((value?.length ?? 0) < NEXUS_MIN_PROJECTS ? `Choose at least ${NEXUS_MIN_PROJECTS} projects.` : (value?.length ?? 0) > NEXUS_MAX_PROJECTS ? `Choose at most ${NEXUS_MAX_PROJECTS} projects.` : undefined)}
      >
        {({ fieldProps: { id, ...rest }, error }) => (
          <>
            <Select<Option, true>
              {...rest}
              inputId={id}
              testId="nexus-projects"
              isMulti
              isLoading={browsable.state === 'loading'}
              options={projectOptions}
              placeholder="Choose the projects of its teams"
              noOptionsMessage={() => 'No other project you can browse'}
            />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>{`${NEXUS_MIN_PROJECTS} to ${NEXUS_MAX_PROJECTS} projects you can browse; a project is in at most one Nexus.`}</HelperMessage>}
          </>
        )}
      </Field>
      <Field<string, HTMLTextAreaElement> name="goal" label="Product Goal" isRequired defaultValue={nexus?.productGoal.text ?? ''} validate={requiredText('Product Goal')}>
        {({ fieldProps, error }) => (
          <>
            <Textarea {...fieldProps} testId="nexus-goal" minimumRows={2} maxLength={PRODUCT_GOAL_MAX_LENGTH} placeholder="The one goal the teams share: Members love every visit" />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Every team of the Nexus works toward it, integrating their work into one Increment each sprint.</HelperMessage>}
          </>
        )}
      </Field>
      <Field<Option | null> name="serves" label="Organization Objective it serves" defaultValue={initialServes}>
        {({ fieldProps: { id, ...rest }, error }) => (
          <>
            <Select<Option> {...rest} inputId={id} testId="nexus-serves" isClearable options={objectiveOptions} placeholder="None" />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Its teams then serve that Objective as a Nexus: it is not flagged as spread.</HelperMessage>}
          </>
        )}
      </Field>
    </FormModal>
  );
}
