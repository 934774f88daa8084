import Form, { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import ModalDialog, { ModalBody, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Stack, Text } from '@atlaskit/primitives';
import Textarea from '@atlaskit/textarea';
import { useState } from 'react';
import { FormModalFooter } from '../FormModalFooter';
import { toResolverCallError } from '../../shared/api';
import { FormProblem, type FormProblemState } from './FormProblem';

interface Props {
  /** The server's refusal, which names the count and the cycle. */
  message: string;
  okrLimit: { limit: number; inProcess: number };
  onCancel: () => void;
  onReload: () => void;
  /** Sends the save again with the reason; throws what the server answered when it fails. */
  onOverride: (reason: string) => Promise<void>;
}

const TITLE = 'Go past the OKR limit?';

/** Activating an Objective at the limit: allowed only with a written reason, which everyone can see. */
export function LimitOverrideModal({ message, okrLimit, onCancel, onReload, onOverride }: Props) {
  const [problem, setProblem] = useState<FormProblemState>(null);

  const submit = async ({ overrideLimitReason }: { overrideLimitReason: string }) => {
    setProblem(null);
    try {
      await onOverride(overrideLimitReason.trim());
      return undefined;
    } catch (cause) {
      const error = toResolverCallError(cause);
      if (error.code === 'VALIDATION' && error.field === 'overrideLimitReason') return { overrideLimitReason: error.message };
      setProblem(error.code === 'CONFLICT' ? { kind: 'conflict', message: error.message } : { kind: 'general', error });
      return undefined;
    }
  };

  return (
    <ModalDialog onClose={onCancel} testId="limit-override" width="small">
      <Form<{ overrideLimitReason: string }> onSubmit={submit}>
        {({ formProps, submitting }) => (
          <form {...formProps} aria-label={TITLE}>
            <ModalHeader hasCloseButton>
              <ModalTitle appearance="warning">{TITLE}</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Stack space="space.150">
                <FormProblem problem={problem} what="Objective" onReload={onReload} />
                <Text as="p">{message}</Text>
                <Text as="p" color="color.text.subtle">
                  {`The team agreed to work on at most ${okrLimit.limit} Objectives at once, so that each gets finished. Going past it is recorded with your name and reason, and shown beside the limit.`}
                </Text>
                <Field<string, HTMLTextAreaElement>
                  name="overrideLimitReason"
                  label="Reason"
                  isRequired
                  defaultValue=""
                  validate={(value) => (value?.trim() ? undefined : 'Write why the team takes on one more.')}
                >
                  {({ fieldProps, error }) => (
                    <>
                      <Textarea {...fieldProps} autoFocus minimumRows={3} maxLength={1000} />
                      {error ? (
                        <ErrorMessage>{error}</ErrorMessage>
                      ) : (
                        <HelperMessage>For example: the regulator moved the deadline into this quarter.</HelperMessage>
                      )}
                    </>
                  )}
                </Field>
              </Stack>
            </ModalBody>
            <FormModalFooter onCancel={onCancel} submitting={submitting} submitTestId="confirm-override" appearance="warning">
              Go past the limit
            </FormModalFooter>
          </form>
        )}
      </Form>
    </ModalDialog>
  );
}
