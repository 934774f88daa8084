// "Reason for the change": changes to OKRs during a cycle are recorded with why they were made.
import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import Textarea from '@atlaskit/textarea';
import { requiredText } from './quality';

export function ReasonField({ required = false }: { required?: boolean }) {
  return (
    <Field<string, HTMLTextAreaElement>
      name="reason"
      label="Reason for the change"
      isRequired={required}
      defaultValue=""
      validate={required ? requiredText('A reason') : undefined}
    >
      {({ fieldProps, error }) => (
        <>
          <Textarea {...fieldProps} minimumRows={2} maxLength={1000} />
          {error ? (
            <ErrorMessage>{error}</ErrorMessage>
          ) : (
            <HelperMessage>Changes during the cycle are kept in the history with their reason.</HelperMessage>
          )}
        </>
      )}
    </Field>
  );
}
