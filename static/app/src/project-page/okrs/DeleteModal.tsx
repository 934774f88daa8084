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
  /** A team's OKRs (the project page), or the organization's (its page). */
  scope?: 'team' | 'organization';
  onClose: () => void;
  /** Called once it is deleted, with what could not be tidied up (said, not hidden). */
  onDeleted: (warnings: Warning[]) => void;
  onReload: () => void;
}

/** What deleting removes beyond itself, and what to do instead, for a team's OKR and for the organization's. */
const AFTERWARDS = {
  team: { objective: 'If the team stopped pursuing it, edit it and set its status to Dropped instead: the history stays readable.', keyResult: null },
  organization: {
    objective: 'Teams aligned to it keep their OKRs; their alignment then says it was deleted. If the organization stopped pursuing it, edit it and set its status to Dropped instead.',
    keyResult: 'Team Key Results contributing to it keep their own progress; they no longer count here.',
  },
} as const;

/**
 * Deleting is for mistakes; an Objective the team (or the organization) stopped pursuing is better
 * marked Dropped. It deletes at the version the page shows: changed meanwhile by someone else, it is
 * not deleted and the dialog says so.
 */
export function DeleteModal({ target, scope = 'team', onClose, onDeleted, onReload }: Props) {
  const [problem, setProblem] = useState<FormProblemState>(null);
  const [deleting, setDeleting] = useState(false);
  const organization = scope === 'organization';
  const what = `${organization ? 'organization ' : ''}${target.kind === 'objective' ? 'Objective' : 'Key Result'}`;
  const title = target.kind === 'objective' ? target.objective.title : target.keyResult.title;
  const afterwards = AFTERWARDS[scope][target.kind];

  const confirm = async () => {
    setProblem(null);
    setDeleting(true);
    try {
      const at = target.kind === 'objective' ? { id: target.objective.id, expectedVersion: target.objective.version } : { id: target.keyResult.id, expectedVersion: target.keyResult.version };
      const { warnings } = organization
        ? await call(target.kind === 'objective' ? 'deleteOrganizationObjective' : 'deleteOrganizationKeyResult', at)
        : await call(target.kind === 'objective' ? 'deleteObjective' : 'deleteKeyResult', at);
      onDeleted(warnings);
    } catch (cause) {
      const error = toResolverCallError(cause);
      setProblem(error.code === 'CONFLICT' ? { kind: 'conflict', message: error.message } : { kind: 'general', error });
      setDeleting(false);
    }
  };

  const keyResultCount = target.kind === 'objective' ? target.objective.keyResults.length : 0;

  return (
    <ModalDialog onClose={onClose} testId={organization ? 'org-delete-dialog' : 'delete-dialog'} width="small">
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
          {afterwards && (
            <Text as="p" color="color.text.subtle">
              {afterwards}
            </Text>
          )}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="danger" onClick={confirm} isLoading={deleting} testId={organization ? 'confirm-org-delete' : 'confirm-delete'}>
          Delete
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}
