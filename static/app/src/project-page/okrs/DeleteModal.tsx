import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import type { KeyResultView, ObjectiveView, Warning } from '../../../../../src/contract';
import { call, toResolverCallError } from '../../shared/api';
import { FormProblem, type FormProblemState } from './FormProblem';

export type DeleteTarget = { kind: 'objective'; objective: ObjectiveView } | { kind: 'keyResult'; keyResult: KeyResultView };

interface Props {
  target: DeleteTarget;
  onClose: () => void;
  /** Called once it is deleted, with what could not be tidied up (said, not hidden). */
  onDeleted: (warnings: Warning[]) => void;
  onReload: () => void;
}

/** Deleting is for mistakes; an Objective the team stopped pursuing is better marked Dropped. */
export function DeleteModal({ target, onClose, onDeleted, onReload }: Props) {
  const [problem, setProblem] = useState<FormProblemState>(null);
  const [deleting, setDeleting] = useState(false);
  const what = target.kind === 'objective' ? 'Objective' : 'Key Result';
  const title = target.kind === 'objective' ? target.objective.title : target.keyResult.title;

  const confirm = async () => {
    setProblem(null);
    setDeleting(true);
    try {
      const { warnings } =
        target.kind === 'objective'
          ? await call('deleteObjective', { id: target.objective.id, expectedVersion: target.objective.version })
          : await call('deleteKeyResult', { id: target.keyResult.id, expectedVersion: target.keyResult.version });
      onDeleted(warnings);
    } catch (cause) {
      const error = toResolverCallError(cause);
      setProblem(error.code === 'CONFLICT' ? { kind: 'conflict', message: error.message } : { kind: 'general', error });
      setDeleting(false);
    }
  };

  const keyResultCount = target.kind === 'objective' ? target.objective.keyResults.length : 0;

  return (
    <ModalDialog onClose={onClose} testId="delete-dialog" width="small">
      <ModalHeader hasCloseButton>
        <ModalTitle appearance="danger">Delete this {what}?</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.150">
          <FormProblem problem={problem} what={what} onReload={onReload} />
          <Text as="p">
            <Text weight="semibold">“{title}”</Text>
            {target.kind === 'objective' && keyResultCount > 0
              ? ` and its ${keyResultCount === 1 ? 'Key Result' : `${keyResultCount} Key Results`} will be deleted, with their check-ins.`
              : ' will be deleted, with its check-ins.'}
          </Text>
          {target.kind === 'objective' && (
            <Text as="p" color="color.text.subtle">
              If the team stopped pursuing it, edit it and set its status to Dropped instead: the history stays readable.
            </Text>
          )}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="danger" onClick={confirm} isLoading={deleting} testId="confirm-delete">
          Delete
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}
