import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import { Text } from '@atlaskit/primitives';
import Textarea from '@atlaskit/textarea';
import { FormModal } from './FormModal';
import { focusOnMount } from '../../shared/focusOnMount';

interface Props {
  /** The server's refusal, which names the count and the cycle. */
  message: string;
  okrLimit: { limit: number; inProcess: number };
  /** The reason already written in the form for the change: it is offered here, so nobody writes a second one. */
  givenReason?: string;
  onCancel: () => void;
  onReload: () => void;
  /** Sends the save again with the reason; throws what the server answered when it fails. */
  onOverride: (reason: string) => Promise<void>;
}

type Values = { overrideLimitReason: string };

const FIELDS = { prefix: '', names: { overrideLimitReason: 'overrideLimitReason' } };

/** Activating an Objective at the limit: allowed only with a written reason, which everyone can see. */
export function LimitOverrideModal({ message, okrLimit, givenReason, onCancel, onReload, onOverride }: Props) {
  return (
    <FormModal<Values>
      testId="limit-override"
      title="Go past the OKR limit?"
      titleAppearance="warning"
      width="small"
      what="Objective"
      fields={FIELDS}
      save={({ overrideLimitReason }) => onOverride(overrideLimitReason.trim())}
      onClose={onCancel}
      onReload={onReload}
      submitLabel="Go past the limit"
      submitTestId="confirm-override"
      submitAppearance="warning"
      space="space.150"
    >
      <Text as="p">{message}</Text>
      <Text as="p" color="color.text.subtle">
        {`The team agreed to work on at most ${okrLimit.limit} Objectives at once, so that each gets finished. Going past it is recorded with your name and reason, and shown beside the limit.`}
      </Text>
      <Field<string, HTMLTextAreaElement>
        name="overrideLimitReason"
        label="Reason"
        isRequired
        defaultValue={givenReason ?? ''}
        validate={(value) => (value?.trim() ? undefined : 'Write why the team takes on one more.')}
      >
        {({ fieldProps, error }) => (
          <>
            <Textarea {...fieldProps} ref={focusOnMount} minimumRows={3} maxLength={1000} />
            {error ? (
              <ErrorMessage>{error}</ErrorMessage>
            ) : (
              <HelperMessage>
                {givenReason ? 'The reason you gave for the change; it is recorded once, for both.' : 'For example: the regulator moved the deadline into this quarter.'}
              </HelperMessage>
            )}
          </>
        )}
      </Field>
    </FormModal>
  );
}
