// The shell of every form dialog on the page: title, a problem above the fields, the fields, and
// Cancel beside a submit button that says what it does. A failed save lands where it belongs.
// Esc closes an open menu (a Select's, a picker's) and leaves the form open; Esc or a click outside
// on a form with something typed asks first, instead of throwing the typing away.
import Button from '@atlaskit/button/new';
import Form, { FormFooter } from '@atlaskit/form';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Stack } from '@atlaskit/primitives';
import { useState, type ReactNode } from 'react';
import { toResolverCallError } from '../../shared/api';
import { FormProblem, type FormProblemState } from './FormProblem';
import { sortSaveError, submitErrors } from './saveErrors';
import { DiscardQuestion, useMenuEscape } from '../dismissal';

interface Props<Values> {
  testId: string;
  title: string;
  /** The accessible name of the form, when the title alone would not say enough. */
  label?: string;
  titleAppearance?: 'warning';
  width: 'small' | 'medium';
  /** What is saved, for the problem's title: "Objective". */
  what: string;
  /** Sends the values; a thrown error is shown under its field, or above the fields. */
  save: (values: Values) => Promise<void>;
  /** The form's fields by the name the server gives them (`objective.ownerAccountId` → `owner`). */
  fields: { prefix: string; names: Record<string, string> };
  /** Over the OKR limit: offer to go past it. Without this, the refusal reads as a conflict. */
  onLimit?: (message: string, values: Values) => void;
  onClose: () => void;
  onReload: () => void;
  submitLabel: string;
  submitTestId: string;
  /** `warning` for a submit that goes against advice, such as overriding the OKR-in-process limit. */
  submitAppearance?: 'primary' | 'warning';
  /** Above the problem: what the form is about. */
  intro?: ReactNode;
  space?: 'space.100' | 'space.150';
  children: ReactNode;
}

// Each form declares its Values with `type`, not `interface`: final-form wants an index signature.
export function FormModal<Values extends Record<string, unknown>>(props: Props<Values>) {
  const { save, fields, onLimit } = props;
  const [problem, setProblem] = useState<FormProblemState>(null);
  const [edited, setEdited] = useState(false);
  const [askingToDiscard, setAskingToDiscard] = useState(false);
  const menuEscape = useMenuEscape();

  // Esc, a click outside or the header's ×: an Esc that closed a menu stays in the form, and typing is
  // not thrown away without asking. Cancel (and Discard) close at once.
  const requestClose = (event?: unknown) => {
    if (event !== undefined && menuEscape.closedMenu(event)) return;
    if (edited && !askingToDiscard) setAskingToDiscard(true);
    else props.onClose();
  };

  const submit = async (values: Values) => {
    setProblem(null);
    try {
      await save(values);
      return undefined;
    } catch (cause) {
      const sorted = sortSaveError(toResolverCallError(cause), fields.prefix, fields.names);
      if (sorted.kind === 'field') return submitErrors(sorted.name, sorted.message);
      if (sorted.kind === 'limit' && onLimit) onLimit(sorted.message, values);
      else setProblem(sorted.kind === 'general' ? { kind: 'general', error: sorted.error } : { kind: 'conflict', message: sorted.message });
      return undefined;
    }
  };

  return (
    <ModalDialog onClose={requestClose} testId={props.testId} width={props.width}>
      <Form<Values> onSubmit={submit}>
        {({ formProps, submitting }) => (
          // Any typing or choice bubbles here as an input or change event.
          <form {...formProps} aria-label={props.label ?? props.title} onInput={() => setEdited(true)} onChange={() => setEdited(true)}>
            <ModalHeader hasCloseButton>
              <ModalTitle appearance={props.titleAppearance}>{props.title}</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Stack space={props.space ?? 'space.100'}>
                {askingToDiscard && <DiscardQuestion onKeep={() => setAskingToDiscard(false)} onDiscard={props.onClose} />}
                {props.intro}
                <FormProblem problem={problem} what={props.what} onReload={props.onReload} />
                {props.children}
              </Stack>
            </ModalBody>
            <ModalFooter>
              <FormFooter>
                <Button appearance="subtle" onClick={props.onClose}>
                  Cancel
                </Button>
                <Button type="submit" appearance={props.submitAppearance ?? 'primary'} isLoading={submitting} testId={props.submitTestId}>
                  {props.submitLabel}
                </Button>
              </FormFooter>
            </ModalFooter>
          </form>
        )}
      </Form>
    </ModalDialog>
  );
}

