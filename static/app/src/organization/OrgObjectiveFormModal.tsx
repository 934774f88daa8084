import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import Select from '@atlaskit/select';
import Textarea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import type { Cycle, Objective, ObjectiveStatus, ObjectiveView, PayloadOf } from '../../../../src/contract';
import { call } from '../shared/api';
import { focusOnMount } from '../shared/focusOnMount';
import { OBJECTIVE_STATUS_LOOK } from '../shared/format';
import { FormModal } from '../project-page/okrs/FormModal';
import { requiredText, typed } from '../project-page/okrs/quality';

interface Option {
  label: string;
  value: ObjectiveStatus;
}

type Values = {
  title: string;
  description: string;
  status: Option | null;
};

const FIELDS = { prefix: 'objective', names: { title: 'title', description: 'description', status: 'status' } };
const STATUS_OPTIONS: Option[] = (['draft', 'active', 'done', 'dropped'] as const).map((status) => ({ value: status, label: OBJECTIVE_STATUS_LOOK[status].label }));

interface Props {
  cycle: Cycle;
  /** The Objective to edit; absent to create one. */
  objective?: ObjectiveView;
  onClose: () => void;
  onSaved: (objective: Objective) => void;
  onReload: () => void;
}

/** An organization Objective: a team's form without what only a team has (an owner to check in, the OKR-in-process limit). */
export function OrgObjectiveFormModal({ cycle, objective, onClose, onSaved, onReload }: Props) {
  const save = async (values: Values) => {
    const description = typed(values.description);
    const payload: PayloadOf<'saveOrganizationObjective'> = {
      objective: {
        ...(objective ? { id: objective.id } : {}),
        cycleId: objective?.cycleId ?? cycle.id,
        title: typed(values.title),
        ...(description || objective?.description ? { description } : {}),
        status: values.status?.value ?? 'draft',
      },
      ...(objective ? { expectedVersion: objective.version } : {}),
    };
    onSaved(await call('saveOrganizationObjective', payload));
  };

  return (
    <FormModal<Values>
      testId="objective-form"
      title={objective ? 'Edit organization Objective' : `New organization Objective for ${cycle.name}`}
      width="medium"
      what="Objective"
      fields={FIELDS}
      save={save}
      onClose={onClose}
      onReload={onReload}
      submitLabel={objective ? 'Save changes' : 'Create Objective'}
      submitTestId="save-objective"
    >
      <Field<string> name="title" label="Title" isRequired defaultValue={objective?.title ?? ''} validate={requiredText('Title')}>
        {({ fieldProps, error }) => (
          <>
            <Textfield {...fieldProps} ref={focusOnMount} placeholder="A state the whole organization wants to reach: Members recommend us" maxLength={255} />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Teams align their own quarterly OKRs to it as they see fit.</HelperMessage>}
          </>
        )}
      </Field>
      <Field<string, HTMLTextAreaElement> name="description" label="Description" defaultValue={objective?.description ?? ''}>
        {({ fieldProps, error }) => (
          <>
            <Textarea {...fieldProps} minimumRows={2} maxLength={5000} placeholder="Why it matters this year (optional)" />
            {error && <ErrorMessage>{error}</ErrorMessage>}
          </>
        )}
      </Field>
      <Field<Option | null> name="status" label="Status" defaultValue={STATUS_OPTIONS.find((option) => option.value === (objective?.status ?? 'active')) ?? null}>
        {({ fieldProps: { id, ...rest }, error }) => (
          <>
            <Select<Option> {...rest} inputId={id} options={STATUS_OPTIONS} />
            {error && <ErrorMessage>{error}</ErrorMessage>}
          </>
        )}
      </Field>
    </FormModal>
  );
}
