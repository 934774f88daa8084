import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import { Text } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import Textarea from '@atlaskit/textarea';
import type { KeyResultView } from '../../../../src/contract';
import { call } from '../shared/api';
import { formatMetric } from '../shared/format';
import { FormModal } from '../project-page/okrs/FormModal';
import { typed } from '../project-page/okrs/quality';
import { formatGrade, GRADE_STEPS, SWEET_SPOT } from '../project-page/review/gradeText';

interface Option {
  label: string;
  value: number;
}

type Values = {
  score: Option | null;
  note: string;
};

const FIELDS = { prefix: 'grade', names: { score: 'score', note: 'note' } };
const SCORE_OPTIONS: Option[] = GRADE_STEPS.map((score) => ({ value: score, label: score === SWEET_SPOT ? `${formatGrade(score)} — the usual aim` : formatGrade(score) }));

interface Props {
  keyResult: KeyResultView;
  onClose: () => void;
  onGraded: (keyResult: KeyResultView) => void;
  onReload: () => void;
}

/** An organization Key Result's grade, 0.0–1.0, given on its own (a team's are given at a Sprint Review). */
export function OrgGradeModal({ keyResult, onClose, onGraded, onReload }: Props) {
  const save = async (values: Values) => {
    const note = typed(values.note);
    if (!values.score) throw new Error('Choose a grade from 0.0 to 1.0.');
    onGraded(await call('gradeOrganizationKeyResult', { keyResultId: keyResult.id, score: values.score.value, ...(note ? { note } : {}) }));
  };
  const current = keyResult.lastGrade === null ? null : (SCORE_OPTIONS.find((option) => option.value === keyResult.lastGrade) ?? null);
  return (
    <FormModal<Values>
      testId="grade-form"
      title="Grade the Key Result"
      width="small"
      what="grade"
      fields={FIELDS}
      save={save}
      onClose={onClose}
      onReload={onReload}
      submitLabel="Grade"
      submitTestId="save-grade"
      intro={
        <Text>
          <Text weight="semibold">{keyResult.title}</Text> · {formatMetric(keyResult.metric)}
        </Text>
      }
    >
      <Field<Option | null> name="score" label="Score" isRequired defaultValue={current} validate={(value) => (value ? undefined : 'Choose a grade from 0.0 to 1.0.')}>
        {({ fieldProps: { id, ...rest }, error }) => (
          <>
            <Select<Option> {...rest} inputId={id} options={SCORE_OPTIONS} />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>How much of the target was reached; 0.7 is an ambitious Key Result well reached.</HelperMessage>}
          </>
        )}
      </Field>
      <Field<string, HTMLTextAreaElement> name="note" label="Note" defaultValue="">
        {({ fieldProps, error }) => (
          <>
            <Textarea {...fieldProps} minimumRows={2} maxLength={2000} placeholder="What moved the number, or did not (optional)" />
            {error && <ErrorMessage>{error}</ErrorMessage>}
          </>
        )}
      </Field>
    </FormModal>
  );
}
