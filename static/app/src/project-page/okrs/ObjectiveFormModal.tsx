import { ErrorMessage, Field, HelperMessage, useFormState } from '@atlaskit/form';
import { ModalTransition } from '@atlaskit/modal-dialog';
import Select from '@atlaskit/select';
import Textarea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { useMemo, useState } from 'react';
import { ReasonField } from './ReasonField';
import type { Cycle, Objective, ObjectiveStatus, ObjectiveView, PayloadOf } from '../../../../../src/contract';
import { call } from '../../shared/api';
import { FormModal } from './FormModal';
import { OBJECTIVE_STATUS_LOOK } from '../../shared/format';
import { LimitOverrideModal } from './LimitOverrideModal';
import { LintFindings } from './LintFindings';
import { lintObjectiveDraft, requiredText, typed } from './quality';
import { focusOnMount } from '../../shared/focusOnMount';
import { PersonPicker } from '../../shared/PeoplePicker';
import { AlignmentPicker, type AlignmentOption } from '../upward/AlignmentPicker';

interface Option<T extends string> {
  label: string;
  value: T;
}

type Values = {
  title: string;
  description: string;
  owner: Option<string> | null;
  status: Option<ObjectiveStatus> | null;
  /** The organization Objective it serves, if any. */
  serves: AlignmentOption | null;
  /** Only shown when editing. */
  reason?: string;
};

/** The form's fields by the server's name for them. */
const FIELDS = {
  prefix: 'objective',
  names: { title: 'title', description: 'description', ownerAccountId: 'owner', owner: 'owner', status: 'status', servesOrgObjectiveId: 'serves', reason: 'reason' },
};

const STATUS_OPTIONS: Option<ObjectiveStatus>[] = (['draft', 'active', 'done', 'dropped'] as const).map((status) => ({
  value: status,
  label: OBJECTIVE_STATUS_LOOK[status].label,
}));

interface Props {
  cycle: Cycle;
  /** The Objective to edit; absent to create one. */
  objective?: ObjectiveView;
  /** People who can own an Objective, by account id. */
  people: Record<string, string>;
  okrLimit: { limit: number; inProcess: number };
  onClose: () => void;
  onSaved: (objective: Objective) => void;
  onReload: () => void;
}

type SavePayload = PayloadOf<'saveObjective'>;

export function ObjectiveFormModal({ cycle, objective, people, okrLimit, onClose, onSaved, onReload }: Props) {
  const editing = objective !== undefined;
  const [limitRequest, setLimitRequest] = useState<{ payload: SavePayload; message: string } | null>(null);
  const reasonRequired = editing && objective.status !== 'draft';

  const ownerOptions = useMemo(
    () =>
      Object.entries(people)
        .map(([value, label]) => ({ value, label }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [people],
  );
  const defaultOwner = objective?.ownerAccountId
    ? (ownerOptions.find((option) => option.value === objective.ownerAccountId) ?? { value: objective.ownerAccountId, label: 'Current owner' })
    : null;
  const defaultStatus = STATUS_OPTIONS.find((option) => option.value === (objective?.status ?? 'draft')) ?? null;

  const payloadOf = (values: Values): SavePayload => {
    const description = typed(values.description);
    const reason = typed(values.reason);
    return {
      objective: {
        ...(objective ? { id: objective.id } : {}),
        cycleId: objective?.cycleId ?? cycle.id,
        title: typed(values.title),
        ...(description || objective?.description ? { description } : {}),
        ...(values.owner ? { ownerAccountId: values.owner.value } : {}),
        status: values.status?.value ?? 'draft',
        // Cleared: null says so; never set: nothing to say.
        ...(values.serves ? { servesOrgObjectiveId: values.serves.value } : objective?.servesOrgObjectiveId ? { servesOrgObjectiveId: null } : {}),
      },
      ...(objective ? { expectedVersion: objective.version } : {}),
      ...(reason ? { reason } : {}),
    };
  };

  const title = editing ? 'Edit Objective' : `New Objective for ${cycle.name}`;

  return (
    <>
      <FormModal<Values>
        testId="objective-form"
        title={title}
        width="medium"
        what="Objective"
        fields={FIELDS}
        save={async (values) => onSaved(await call('saveObjective', payloadOf(values)))}
        onLimit={(message, values) => setLimitRequest({ payload: payloadOf(values), message })}
        onClose={onClose}
        onReload={onReload}
        submitLabel={editing ? 'Save changes' : 'Create Objective'}
        submitTestId="save-objective"
      >
        <Field<string> name="title" label="Title" isRequired defaultValue={objective?.title ?? ''} validate={requiredText('Title')}>
          {({ fieldProps, error }) => (
            <>
              <Textfield {...fieldProps} ref={focusOnMount} placeholder="A qualitative desired state: Members love training with us" maxLength={255} />
              {error ? <ErrorMessage>{error}</ErrorMessage> : <ObjectiveQuality objective={objective} />}
            </>
          )}
        </Field>
        <Field<string, HTMLTextAreaElement> name="description" label="Description" defaultValue={objective?.description ?? ''}>
          {({ fieldProps, error }) => (
            <>
              <Textarea {...fieldProps} minimumRows={2} maxLength={5000} placeholder="Why it matters now (optional)" />
              {error && <ErrorMessage>{error}</ErrorMessage>}
            </>
          )}
        </Field>
        <Field<Option<string> | null> name="owner" label="Owner" defaultValue={defaultOwner}>
          {({ fieldProps: { id, value, onChange }, error }) => (
            <>
              <PersonPicker inputId={id} testId="owner-picker" known={ownerOptions} value={value ?? null} onChange={onChange} placeholder="Search Jira’s people" />
              {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>The owner may check in on its Key Results.</HelperMessage>}
            </>
          )}
        </Field>
        <Field<Option<ObjectiveStatus> | null> name="status" label="Status" defaultValue={defaultStatus}>
          {({ fieldProps: { id, ...rest }, error }) => (
            <>
              <Select<Option<ObjectiveStatus>> {...rest} inputId={id} options={STATUS_OPTIONS} />
              {error ? (
                <ErrorMessage>{error}</ErrorMessage>
              ) : (
                <HelperMessage>
                  {`Active Objectives count toward the team's limit (${okrLimit.inProcess} of ${okrLimit.limit} in process).`}
                </HelperMessage>
              )}
            </>
          )}
        </Field>
        <Field<AlignmentOption | null> name="serves" label="Serves (organization Objective)" defaultValue={objective?.servesOrgObjectiveId ? { value: objective.servesOrgObjectiveId, label: 'Current organization Objective' } : null}>
          {({ fieldProps: { id, value, onChange }, error }) => (
            <>
              <AlignmentPicker kind="objective" inputId={id} value={value ?? null} onChange={onChange} />
              {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Optional: the organization Objective this one helps reach, this year or this quarter.</HelperMessage>}
            </>
          )}
        </Field>
        {editing && <ReasonField required={reasonRequired} />}
      </FormModal>
      <ModalTransition>
        {limitRequest && (
          <LimitOverrideModal
            message={limitRequest.message}
            okrLimit={okrLimit}
            givenReason={limitRequest.payload.reason}
            onCancel={() => setLimitRequest(null)}
            onReload={onReload}
            onOverride={async (overrideLimitReason) => {
              // One reason, for the change and for going past the limit alike.
              const { reason: _given, ...payload } = limitRequest.payload;
              const saved = await call('saveObjective', { ...payload, overrideLimitReason });
              setLimitRequest(null);
              onSaved(saved);
            }}
          />
        )}
      </ModalTransition>
    </>
  );
}

/** The quality rules for the Objective being typed, under its title. */
function ObjectiveQuality({ objective }: { objective: ObjectiveView | undefined }) {
  const state = useFormState<Values>({ values: true });
  const title = state?.values.title ?? objective?.title ?? '';
  const findings = lintObjectiveDraft(title, objective?.keyResults);
  if (findings.length === 0) {
    return <HelperMessage>Say what the team wants to be true, not what it will build.</HelperMessage>;
  }
  return <LintFindings findings={findings} testId="objective-form-lint" />;
}
