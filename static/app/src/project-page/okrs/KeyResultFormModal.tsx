import { ErrorMessage, Field, HelperMessage, useFormState } from '@atlaskit/form';
import { Box, Inline, Text, xcss } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { ReasonField } from './ReasonField';
import type { KeyResultView, MetricDirection, ObjectiveView, PayloadOf, ProgressFrom } from '../../../../../src/contract';
import { AlignmentPicker, type AlignmentOption } from '../upward/AlignmentPicker';
import { call, type OkrScope } from '../../shared/api';
import { FormModal } from './FormModal';
import { DIRECTION_LABELS } from '../../shared/format';
import { LintFindings } from './LintFindings';
import { lintKeyResultDraft, parseNumber, requiredText, typed } from './quality';
import { focusOnMount } from '../../shared/focusOnMount';
import { MEASURE_FIELD_NAMES, MeasureFields, type MeasureValues, measureOf } from './MeasureFields';

interface DirectionOption {
  label: string;
  value: MetricDirection;
}

type Values = MeasureValues & {
  title: string;
  direction: DirectionOption | null;
  start: string;
  target: string;
  current: string;
  unit: string;
  weight: string;
  /** yyyy-MM-dd, or empty: the day it is created. */
  startDate: string;
  /** A team's: the organization Key Result it contributes to, if any. */
  contributesTo: AlignmentOption | null;
  /** The organization's: where its progress comes from. */
  progressFrom: { label: string; value: ProgressFrom } | null;
  /** Only shown when editing. */
  reason?: string;
};

/** The form's fields by the server's name for them. */
const FIELDS = {
  prefix: 'keyResult',
  names: { title: 'title', direction: 'direction', start: 'start', target: 'target', current: 'current', unit: 'unit', weight: 'weight', startDate: 'startDate', contributesTo: 'contributesTo', orgKeyResultId: 'contributesTo', progressFrom: 'progressFrom', reason: 'reason', ...MEASURE_FIELD_NAMES },
};

const DIRECTION_OPTIONS: DirectionOption[] = (['increase', 'decrease', 'stay-above', 'stay-below'] as const).map((value) => ({
  value,
  label: DIRECTION_LABELS[value],
}));

const PROGRESS_FROM_OPTIONS: Array<{ label: string; value: ProgressFrom }> = [
  { value: 'check-ins', label: 'Its own check-ins' },
  { value: 'contributions', label: 'The team Key Results contributing to it (weighted)' },
];

const numberFields = xcss({ flexGrow: 1, flexBasis: '0', minWidth: '96px' });

interface Props {
  objective: ObjectiveView;
  /** The Key Result to edit; absent to add one. */
  keyResult?: KeyResultView;
  /** Whose Key Result: a project's (the default) or the organization's. */
  scope?: OkrScope;
  onClose: () => void;
  onSaved: (keyResult: KeyResultView) => void;
  onReload: () => void;
}

const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));

export function KeyResultFormModal({ objective, keyResult, scope = 'project', onClose, onSaved, onReload }: Props) {
  const editing = keyResult !== undefined;
  const metric = keyResult?.metric;

  const save = async (values: Values) => {
    const start = parseNumber(values.start);
    const current = typed(values.current) === '' ? start : parseNumber(values.current);
    const weight = typed(values.weight) === '' ? undefined : parseNumber(values.weight);
    const unit = typed(values.unit);
    const reason = typed(values.reason);
    const startDate = typed(values.startDate);
    const measure = measureOf(values);
    const payload: PayloadOf<'saveKeyResult'> = {
      keyResult: {
        ...(keyResult ? { id: keyResult.id } : {}),
        objectiveId: objective.id,
        title: typed(values.title),
        metric: {
          direction: values.direction?.value ?? 'increase',
          start,
          target: parseNumber(values.target),
          current,
          ...(unit ? { unit } : {}),
        },
        ...(weight !== undefined ? { weight } : {}),
        ...(startDate ? { startDate } : {}),
        ...(measure ? { measure } : {}),
      },
      ...(keyResult ? { expectedVersion: keyResult.version } : {}),
      ...(reason ? { reason } : {}),
    };
    if (scope === 'organization') {
      onSaved(await call('saveOrganizationKeyResult', { ...payload, keyResult: { ...payload.keyResult, progressFrom: values.progressFrom?.value ?? 'check-ins' } }));
      return;
    }
    // Cleared: null says so; never set: nothing to say. The same organization Key Result keeps its weight.
    const contributesTo = values.contributesTo ? { orgKeyResultId: values.contributesTo.value } : keyResult?.contributesTo ? null : undefined;
    onSaved(await call('saveKeyResult', { ...payload, keyResult: { ...payload.keyResult, ...(contributesTo !== undefined ? { contributesTo } : {}) } }));
  };

  const title = editing ? 'Edit Key Result' : 'New Key Result';

  return (
    <FormModal<Values>
      testId="key-result-form"
      title={title}
      width="medium"
      what="Key Result"
      fields={FIELDS}
      save={save}
      onClose={onClose}
      onReload={onReload}
      submitLabel={editing ? 'Save changes' : 'Add Key Result'}
      submitTestId="save-key-result"
      intro={
        <Text color="color.text.subtle">
          For the Objective <Text weight="semibold">“{objective.title}”</Text>. A Key Result is a measurable outcome, not a task.
        </Text>
      }
    >
      <Field<string> name="title" label="Title" isRequired defaultValue={keyResult?.title ?? ''} validate={requiredText('Title')}>
        {({ fieldProps, error }) => (
          <>
            <Textfield {...fieldProps} ref={focusOnMount} maxLength={255} placeholder="Weekly active members grow from 1,200 to 2,000" />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <KeyResultQuality part="title" />}
          </>
        )}
      </Field>
      <Field<DirectionOption | null>
        name="direction"
        label="Direction"
        defaultValue={DIRECTION_OPTIONS.find((option) => option.value === (metric?.direction ?? 'increase')) ?? null}
      >
        {({ fieldProps: { id, ...rest }, error }) => (
          <>
            <Select<DirectionOption> {...rest} inputId={id} options={DIRECTION_OPTIONS} />
            {error && <ErrorMessage>{error}</ErrorMessage>}
          </>
        )}
      </Field>
      <Inline space="space.150" shouldWrap>
        <NumberField name="start" label="Start" isRequired defaultValue={numberText(metric?.start)} />
        <NumberField name="target" label="Target" isRequired defaultValue={numberText(metric?.target)} />
        <NumberField
          name="current"
          label="Current"
          defaultValue={numberText(metric?.current)}
          helper={editing ? undefined : 'Empty: same as Start'}
        />
        <Box xcss={numberFields}>
          <Field<string> name="unit" label="Unit" defaultValue={metric?.unit ?? ''}>
            {({ fieldProps, error }) => (
              <>
                <Textfield {...fieldProps} maxLength={32} placeholder="%, members, ms" />
                {error && <ErrorMessage>{error}</ErrorMessage>}
              </>
            )}
          </Field>
        </Box>
      </Inline>
      <KeyResultQuality part="metric" />
      <Inline space="space.150" shouldWrap>
        <NumberField
          name="weight"
          label="Weight"
          defaultValue={numberText(keyResult?.weight)}
          helper="How much it counts toward the Objective (default 1)"
          positive
          max={100}
        />
        <Box xcss={numberFields}>
          <Field<string> name="startDate" label="Measured from" defaultValue={keyResult?.startDate ?? ''}>
            {({ fieldProps, error }) => (
              <>
                <Textfield {...fieldProps} type="date" testId="key-result-start-date" />
                {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Empty: the day it is added. Expected progress counts from it.</HelperMessage>}
              </>
            )}
          </Field>
        </Box>
      </Inline>
      {scope === 'organization' ? (
        <Field<{ label: string; value: ProgressFrom } | null> name="progressFrom" label="Progress from" defaultValue={PROGRESS_FROM_OPTIONS.find((option) => option.value === (keyResult?.progressFrom ?? 'check-ins')) ?? null}>
          {({ fieldProps: { id, ...rest }, error }) => (
            <>
              <Select<{ label: string; value: ProgressFrom }> {...rest} inputId={id} testId="progress-from" options={PROGRESS_FROM_OPTIONS} />
              {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>With no contributing team Key Result yet, its own check-ins count.</HelperMessage>}
            </>
          )}
        </Field>
      ) : (
        <Field<AlignmentOption | null> name="contributesTo" label="Contributes to (organization Key Result)" defaultValue={keyResult?.contributesTo ? { value: keyResult.contributesTo.orgKeyResultId, label: 'Current organization Key Result' } : null}>
          {({ fieldProps: { id, value, onChange }, error }) => (
            <>
              <AlignmentPicker kind="keyResult" inputId={id} value={value ?? null} onChange={onChange} />
              {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Optional: the organization Key Result this one moves.</HelperMessage>}
            </>
          )}
        </Field>
      )}
      {scope === 'organization' ? null : (
        <MeasureFields
          {...(keyResult?.measure ? { measure: keyResult.measure, onRefresh: async () => onSaved(await call('refreshKeyResult', { keyResultId: keyResult.id })) } : {})}
        />
      )}
      {editing && <ReasonField />}
    </FormModal>
  );
}

function NumberField({
  name,
  label,
  defaultValue,
  isRequired = false,
  helper,
  positive = false,
  max,
}: {
  name: string;
  label: string;
  defaultValue: string;
  isRequired?: boolean;
  helper?: string;
  positive?: boolean;
  max?: number;
}) {
  const validate = (value: string | undefined) => {
    if (!value?.trim()) return isRequired ? `${label} is required.` : undefined;
    const parsed = parseNumber(value);
    if (!Number.isFinite(parsed)) return `${label} must be a number.`;
    if (positive && parsed <= 0) return `${label} must be more than 0.`;
    if (max !== undefined && parsed > max) return `${label} must be at most ${max}.`;
    return undefined;
  };
  return (
    <Box xcss={numberFields}>
      <Field<string> name={name} label={label} isRequired={isRequired} defaultValue={defaultValue} validate={validate}>
        {({ fieldProps, error }) => (
          <>
            <Textfield {...fieldProps} inputMode="decimal" autoComplete="off" />
            {error ? <ErrorMessage>{error}</ErrorMessage> : helper ? <HelperMessage>{helper}</HelperMessage> : null}
          </>
        )}
      </Field>
    </Box>
  );
}

const TITLE_RULES = new Set(['output-not-outcome', 'title-too-long']);

/** The quality rules for the Key Result being typed: title rules under the title, the rest under the numbers. */
function KeyResultQuality({ part }: { part: 'title' | 'metric' }) {
  const state = useFormState<Values>({ values: true });
  const values = state?.values;
  if (!values) return null;
  const findings = lintKeyResultDraft(values.title ?? '', {
    direction: values.direction?.value ?? 'increase',
    start: values.start ?? '',
    target: values.target ?? '',
    current: values.current ?? '',
    unit: values.unit ?? '',
  }).filter((finding) => TITLE_RULES.has(finding.rule) === (part === 'title'));
  // Numbers nobody has typed yet are not a finding; the required fields say so on submit.
  const typed = part === 'title' ? Boolean(values.title?.trim()) : Boolean(values.target?.trim() || values.start?.trim());
  return (
    <Box testId={`key-result-form-quality-${part}`} aria-live="polite">
      {typed && <LintFindings findings={findings} testId="key-result-form-lint" />}
    </Box>
  );
}
