// "Measured by" in the Key Result form: typed by people (the default), or a Jira query whose issues
// give the value (count, sum or average of a number field, median age). The server tries the query
// once on save, with the saver's rights, and says what Jira refused on the JQL field.
import Button from '@atlaskit/button/new';
import { ErrorMessage, Field, HelperMessage, useFormState } from '@atlaskit/form';
import { Inline, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import Select from '@atlaskit/select';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import type { MeasureFunction, QueryMeasure, QueryMeasureInput } from '../../../../../src/contract';
import { toResolverCallError } from '../../shared/api';

/** The contract's MEASURE_JQL_MAX_LENGTH (the UI imports only types from src/). */
const MEASURE_JQL_MAX_LENGTH = 2000;

export interface Option<T extends string> {
  label: string;
  value: T;
}

export type MeasureValues = {
  measuredBy: Option<'typed' | 'query'> | null;
  jql: string;
  fn: Option<MeasureFunction> | null;
  measureField: string;
};

export const MEASURED_BY_OPTIONS: Array<Option<'typed' | 'query'>> = [
  { value: 'typed', label: 'Typed: people check in' },
  { value: 'query', label: 'Jira query: the issues it finds give the value' },
];

export const FUNCTION_OPTIONS: Array<Option<MeasureFunction>> = [
  { value: 'count', label: 'Count of issues' },
  { value: 'sum', label: 'Sum of a number field' },
  { value: 'average', label: 'Average of a number field' },
  { value: 'median-age', label: 'Median age (days since created)' },
];

/** The form's measure fields by the server's name for them. */
export const MEASURE_FIELD_NAMES = { measure: 'jql', 'measure.jql': 'jql', 'measure.fn': 'fn', 'measure.field': 'measureField' };

const needsField = (fn: MeasureFunction | undefined) => fn === 'sum' || fn === 'average';

/** The measure the form's values ask for, or undefined for a typed Key Result. */
export function measureOf(values: MeasureValues): QueryMeasureInput | undefined {
  if (values.measuredBy?.value !== 'query') return undefined;
  const fn = values.fn?.value ?? 'count';
  const field = values.measureField?.trim();
  return { jql: values.jql?.trim() ?? '', fn, ...(needsField(fn) ? { field: field || 'story-points' } : {}) };
}

/** "Refresh now" for a Key Result a query measures: runs the saved query again (with its author's rights). */
function RefreshNow({ measure, onRefresh }: { measure: QueryMeasure; onRefresh: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await onRefresh();
    } catch (error) {
      setProblem(toResolverCallError(error).message);
      setBusy(false);
    }
  };
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <Button appearance="default" isDisabled={busy} testId="refresh-key-result" onClick={() => void refresh()}>
        Refresh now
      </Button>
      <Text size="small" color={problem || measure.problem ? 'color.text.warning' : 'color.text.subtle'} testId="refresh-key-result-status">
        {problem ?? measure.problem?.message ?? 'Runs the saved query again and records its value if it changed.'}
      </Text>
    </Inline>
  );
}

export function MeasureFields({ measure, onRefresh }: { measure?: QueryMeasure; onRefresh?: () => Promise<void> }) {
  const state = useFormState<MeasureValues>({ values: true });
  const byQuery = (state?.values.measuredBy?.value ?? (measure ? 'query' : 'typed')) === 'query';
  const fn = state?.values.fn?.value ?? measure?.fn ?? 'count';
  return (
    <>
      <Field<Option<'typed' | 'query'> | null> name="measuredBy" label="Measured by" defaultValue={MEASURED_BY_OPTIONS[measure ? 1 : 0] ?? null}>
        {({ fieldProps: { id, ...rest } }) => <Select<Option<'typed' | 'query'>> {...rest} inputId={id} options={MEASURED_BY_OPTIONS} testId="key-result-measured-by" />}
      </Field>
      {byQuery && (
        <>
          {measure && onRefresh && <RefreshNow measure={measure} onRefresh={onRefresh} />}
          <Field<string, HTMLTextAreaElement>
            name="jql"
            label="JQL"
            isRequired
            defaultValue={measure?.jql ?? ''}
            validate={(value) => (!value?.trim() ? 'JQL is required.' : value.length > MEASURE_JQL_MAX_LENGTH ? `JQL must be at most ${MEASURE_JQL_MAX_LENGTH} characters.` : undefined)}
          >
            {({ fieldProps, error }) => (
              <>
                <TextArea {...fieldProps} maxLength={MEASURE_JQL_MAX_LENGTH} minimumRows={2} placeholder='project = GYM AND issuetype = Bug AND statusCategory != Done AND text ~ "booking"' testId="key-result-jql" />
                {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Runs with your Jira rights, now and at every refresh (hourly, at sprint close, or on demand).</HelperMessage>}
              </>
            )}
          </Field>
          <Field<Option<MeasureFunction> | null> name="fn" label="Value" defaultValue={FUNCTION_OPTIONS.find((option) => option.value === (measure?.fn ?? 'count')) ?? null}>
            {({ fieldProps: { id, ...rest }, error }) => (
              <>
                <Select<Option<MeasureFunction>> {...rest} inputId={id} options={FUNCTION_OPTIONS} testId="key-result-function" />
                {error && <ErrorMessage>{error}</ErrorMessage>}
              </>
            )}
          </Field>
          {needsField(fn) && (
            <Field<string> name="measureField" label="Number field" defaultValue={measure?.field && measure.field !== 'story-points' ? measure.field : ''}>
              {({ fieldProps, error }) => (
                <>
                  <Textfield {...fieldProps} maxLength={40} placeholder="Story points" testId="key-result-measure-field" />
                  {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Empty: the site’s story points. Or a number field’s id: customfield_ and its number, as Jira lists its fields.</HelperMessage>}
                </>
              )}
            </Field>
          )}
        </>
      )}
    </>
  );
}
