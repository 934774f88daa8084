import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import Textarea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import type { KeyResultView } from '../../../../../src/contract';
import { call, type OkrScope } from '../../shared/api';
import { FormModal } from './FormModal';
import { formatMetric } from '../../shared/format';
import { parseNumber, typed } from './quality';
import { focusOnMount } from '../../shared/focusOnMount';

type Values = {
  value: string;
  confidence: string;
  note: string;
};

const FIELDS = { prefix: 'checkIn', names: { value: 'value', confidence: 'confidence', note: 'note' } };

const column = xcss({ flexGrow: 1, flexBasis: '0', minWidth: '120px' });

interface Props {
  keyResult: KeyResultView;
  /** Whose Key Result: a project's (the default) or the organization's. */
  scope?: OkrScope;
  onClose: () => void;
  onCheckedIn: (keyResult: KeyResultView) => void;
  onReload: () => void;
}

/** A check-in: where the Key Result stands now, how sure the team is, and a line on why. */
export function CheckInModal({ keyResult, scope = 'project', onClose, onCheckedIn, onReload }: Props) {
  const unit = keyResult.metric.unit?.trim();

  const save = async (values: Values) => {
    const note = typed(values.note);
    const payload = {
      keyResultId: keyResult.id,
      value: parseNumber(values.value),
      confidence: Math.round(parseNumber(values.confidence)),
      ...(note ? { note } : {}),
    };
    onCheckedIn(await (scope === 'organization' ? call('checkInOrganizationKeyResult', payload) : call('checkIn', payload)));
  };

  return (
    <FormModal<Values>
      testId="check-in-form"
      title="Check in"
      width="small"
      what="Key Result"
      fields={FIELDS}
      save={save}
      onClose={onClose}
      onReload={onReload}
      submitLabel="Check in"
      submitTestId="save-check-in"
      intro={
        <Stack space="space.050">
          <Text weight="semibold">{keyResult.title}</Text>
          <Text size="small" color="color.text.subtle">
            {formatMetric(keyResult.metric)}
          </Text>
        </Stack>
      }
    >
      <Inline space="space.150" shouldWrap>
        <Box xcss={column}>
          <Field<string>
            name="value"
            label="Value"
            isRequired
            defaultValue={String(keyResult.metric.current)}
            validate={(value) => {
              if (!value?.trim()) return 'Value is required.';
              return Number.isFinite(parseNumber(value)) ? undefined : 'Value must be a number.';
            }}
          >
            {({ fieldProps, error }) => (
              <>
                <Textfield
                  {...fieldProps}
                  ref={focusOnMount}
                  inputMode="decimal"
                  autoComplete="off"
                  elemAfterInput={
                    unit ? (
                      <Box paddingInlineEnd="space.100">
                        <Text color="color.text.subtle">{unit}</Text>
                      </Box>
                    ) : undefined
                  }
                />
                {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Where it stands today</HelperMessage>}
              </>
            )}
          </Field>
        </Box>
        <Box xcss={column}>
          <Field<string>
            name="confidence"
            label="Confidence"
            isRequired
            defaultValue={String(keyResult.confidence ?? 5)}
            validate={(value) => {
              const parsed = parseNumber(value);
              return Number.isInteger(parsed) && parsed >= 1 && parsed <= 10 ? undefined : 'Confidence is a whole number from 1 to 10.';
            }}
          >
            {({ fieldProps, error }) => (
              <>
                <Textfield {...fieldProps} type="number" min={1} max={10} step={1} />
                {error ? (
                  <ErrorMessage>{error}</ErrorMessage>
                ) : (
                  <HelperMessage>1 = won't reach it, 10 = sure to</HelperMessage>
                )}
              </>
            )}
          </Field>
        </Box>
      </Inline>
      <Field<string, HTMLTextAreaElement> name="note" label="Note" defaultValue="">
        {({ fieldProps, error }) => (
          <>
            <Textarea {...fieldProps} minimumRows={2} maxLength={2000} placeholder="What moved it, what is in the way" />
            {error && <ErrorMessage>{error}</ErrorMessage>}
          </>
        )}
      </Field>
    </FormModal>
  );
}
