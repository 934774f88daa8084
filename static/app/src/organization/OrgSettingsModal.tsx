import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import type { OrganizationSettings } from '../../../../src/contract';
import { call } from '../shared/api';
import { FormModal } from '../project-page/okrs/FormModal';

interface Option {
  label: string;
  value: number;
}

type Values = {
  fiscalYearStartMonth: Option | null;
  spreadThreshold: string;
};

const FIELDS = { prefix: 'org-settings', names: { fiscalYearStartMonth: 'fiscalYearStartMonth', spreadThreshold: 'spreadThreshold' } };
const MONTHS: Option[] = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'].map((label, i) => ({ label, value: i + 1 }));

/** 2–20 teams, a whole number; else what is wrong, in a sentence. */
export function spreadThresholdProblem(text: string): string | undefined {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < 2 || value > 20) return 'A whole number of teams from 2 to 20.';
  return undefined;
}

interface Props {
  settings: OrganizationSettings;
  onClose: () => void;
  onSaved: () => void;
  onReload: () => void;
}

/** The organization's settings, for holders of Manage organization OKRs: its fiscal year's first month and from how many teams an Objective counts as spread. */
export function OrgSettingsModal({ settings, onClose, onSaved, onReload }: Props) {
  const save = async (values: Values) => {
    if (!values.fiscalYearStartMonth) throw new Error('Choose the month the fiscal year starts in.');
    const problem = spreadThresholdProblem(values.spreadThreshold);
    if (problem) throw new Error(problem);
    await call('saveOrganizationSettings', { fiscalYearStartMonth: values.fiscalYearStartMonth.value, spreadThreshold: Number(values.spreadThreshold.trim()), expectedVersion: settings.version });
    onSaved();
  };
  return (
    <FormModal<Values>
      testId="org-settings-form"
      title="Organization settings"
      width="small"
      what="organization settings"
      fields={FIELDS}
      save={save}
      onClose={onClose}
      onReload={onReload}
      submitLabel="Save"
      submitTestId="save-org-settings"
    >
      <Field<Option | null> name="fiscalYearStartMonth" label="Fiscal year starts in" isRequired defaultValue={MONTHS[settings.fiscalYearStartMonth - 1] ?? null}>
        {({ fieldProps: { id, ...rest }, error }) => (
          <>
            <Select<Option> {...rest} inputId={id} options={MONTHS} />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>The organization’s years and quarters follow it.</HelperMessage>}
          </>
        )}
      </Field>
      <Field<string> name="spreadThreshold" label="Spread from this many teams" isRequired defaultValue={String(settings.spreadThreshold)} validate={(value) => spreadThresholdProblem(value ?? '')}>
        {({ fieldProps, error }) => (
          <>
            <Textfield {...fieldProps} type="number" min={2} max={20} />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>An Objective served by this many teams or more, none dedicated to it, is flagged as spread (2–20).</HelperMessage>}
          </>
        )}
      </Field>
    </FormModal>
  );
}
