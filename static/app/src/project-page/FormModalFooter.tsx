// The footer of every form dialog on the page: Cancel, and the submit button saying what it does.
import Button from '@atlaskit/button/new';
import { FormFooter } from '@atlaskit/form';
import { ModalFooter } from '@atlaskit/modal-dialog';
import type { ReactNode } from 'react';

export function FormModalFooter(props: {
  onCancel: () => void;
  submitting: boolean;
  submitTestId: string;
  /** `warning` for a submit that goes against advice, such as overriding the OKR-in-process limit. */
  appearance?: 'primary' | 'warning';
  children: ReactNode;
}) {
  return (
    <ModalFooter>
      <FormFooter>
        <Button appearance="subtle" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button type="submit" appearance={props.appearance ?? 'primary'} isLoading={props.submitting} testId={props.submitTestId}>
          {props.children}
        </Button>
      </FormFooter>
    </ModalFooter>
  );
}
