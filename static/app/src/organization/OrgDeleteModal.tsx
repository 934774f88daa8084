import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import type { KeyResultView, ObjectiveView } from '../../../../src/contract';
import { call, toResolverCallError } from '../shared/api';
import { FormProblem, type FormProblemState } from '../project-page/okrs/FormProblem';

export type OrgDeleteTarget = { kind: 'objective'; objective: ObjectiveView } | { kind: 'keyResult'; keyResult: KeyResultView };

interface Props {
  target: OrgDeleteTarget;
  onClose: () => void;
  onDeleted: () => void;
  onReload: () => void;
}

/**
 * Deletes an organization Objective (with its Key Results) or Key Result, after a confirmation, at the
 * version the page shows: changed meanwhile by someone else, it is not deleted and the dialog says so.
 * Team OKRs aligned to it keep their own; their alignment then names a deleted Objective.
 */
export function OrgDeleteModal({ target, onClose, onDeleted, onReload }: Props) {
  const [problem, setProblem] = useState<FormProblemState>(null);
  const [deleting, setDeleting] = useState(false);
  const what = target.kind === 'objective' ? 'organization Objective' : 'organization Key Result';
  const title = target.kind === 'objective' ? target.objective.title : target.keyResult.title;
  const keyResultCount = target.kind === 'objective' ? target.objective.keyResults.length : 0;

  const confirm = async () => {
    setProblem(null);
    setDeleting(true);
    try {
      if (target.kind === 'objective') await call('deleteOrganizationObjective', { id: target.objective.id, expectedVersion: target.objective.version });
      else await call('deleteOrganizationKeyResult', { id: target.keyResult.id, expectedVersion: target.keyResult.version });
      onDeleted();
    } catch (cause) {
      const error = toResolverCallError(cause);
      setProblem(error.code === 'CONFLICT' ? { kind: 'conflict', message: error.message } : { kind: 'general', error });
      setDeleting(false);
    }
  };

  return (
    <ModalDialog onClose={onClose} testId="org-delete-dialog" width="small">
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
          <Text as="p" color="color.text.subtle">
            {target.kind === 'objective'
              ? 'Teams aligned to it keep their OKRs; their alignment then says it was deleted. If the organization stopped pursuing it, edit it and set its status to Dropped instead.'
              : 'Team Key Results contributing to it keep their own progress; they no longer count here.'}
          </Text>
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="danger" onClick={confirm} isLoading={deleting} testId="confirm-org-delete">
          Delete
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}
