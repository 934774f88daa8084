import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import ModalTransition from '@atlaskit/modal-dialog/modal-transition';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { bareList, card } from './styles';
import SectionMessage from '@atlaskit/section-message';
import { lazy, Suspense, useState } from 'react';
import type { NexusView } from '../../../../src/contract';
import { DialogLoading } from '../project-page/DialogLoading';
import { call, toResolverCallError } from '../shared/api';

// "Teams of teams" on the organization page: each Nexus (projects sharing one Product Goal) the viewer
// can see, its rollup, and for managers its form. The section and its dialogs load after the page.
const NexusFormModal = lazy(() => import('./NexusFormModal').then((module) => ({ default: module.NexusFormModal })));
const NexusRollupModal = lazy(() => import('./NexusRollupModal').then((module) => ({ default: module.NexusRollupModal })));

type Dialog = { kind: 'new' } | { kind: 'edit'; nexus: NexusView } | { kind: 'delete'; nexus: NexusView } | { kind: 'rollup'; id: string } | null;


interface Props {
  nexuses: readonly NexusView[];
  /** The organization Objectives a Nexus's Product Goal may serve. */
  objectives: ReadonlyArray<{ id: string; title: string }>;
  canManage: boolean;
  onChanged: () => void;
  onReload: () => void;
}

export function NexusSection({ nexuses, objectives, canManage, onChanged, onReload }: Props) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const saved = () => {
    setDialog(null);
    onChanged();
  };
  return (
    <Stack space="space.150" testId="nexuses">
      <Inline space="space.100" alignBlock="center" spread="space-between">
        <Heading size="small" as="h2">
          Teams of teams
        </Heading>
        {canManage && (
          <Button testId="create-nexus" onClick={() => setDialog({ kind: 'new' })}>
            New Nexus
          </Button>
        )}
      </Inline>
      <Text size="small" color="color.text.subtle">
        A Nexus is a group of Scrum teams working from one Product Backlog toward one Product Goal, integrating their work into one Increment every sprint.
      </Text>
      {nexuses.length === 0 ? (
        <Text color="color.text.subtle" testId="no-nexuses">
          {canManage ? 'No Nexus yet: group the teams that build one product around its Product Goal.' : 'No Nexus of teams you can see.'}
        </Text>
      ) : (
        <Box as="ul" xcss={bareList}>
          <Stack space="space.150">
            {nexuses.map((nexus) => (
              <Box as="li" key={nexus.id} xcss={card} testId="nexus" data-nexus-id={nexus.id}>
                <Stack space="space.075">
                  <Heading size="xsmall" as="h3">
                    {nexus.name}
                  </Heading>
                  <Text size="small" testId="nexus-teams">{`Teams: ${nexus.projects.map((project) => `${project.name} (${project.key})`).join(', ')}`}</Text>
                  <Text size="small" testId="nexus-goal">{`Product Goal: ${nexus.productGoal.text}`}</Text>
                  {nexus.productGoal.servesOrgObjectiveId && (
                    <Text size="small" color="color.text.subtle" testId="nexus-serves">
                      {nexus.servesTitle ? `Serves “${nexus.servesTitle}”` : 'Serves an organization Objective that no longer exists'}
                    </Text>
                  )}
                  <Inline space="space.100">
                    <Button spacing="compact" testId="open-nexus" aria-label={`Open the rollup of ${nexus.name}`} onClick={() => setDialog({ kind: 'rollup', id: nexus.id })}>
                      Open rollup
                    </Button>
                    {canManage && (
                      <>
                        <Button spacing="compact" appearance="subtle" testId="edit-nexus" aria-label={`Edit ${nexus.name}`} onClick={() => setDialog({ kind: 'edit', nexus })}>
                          Edit
                        </Button>
                        <Button spacing="compact" appearance="subtle" testId="delete-nexus" aria-label={`Delete ${nexus.name}`} onClick={() => setDialog({ kind: 'delete', nexus })}>
                          Delete
                        </Button>
                      </>
                    )}
                  </Inline>
                </Stack>
              </Box>
            ))}
          </Stack>
        </Box>
      )}
      <ModalTransition>
        {dialog && (
          <Suspense fallback={<DialogLoading />}>
            {dialog.kind === 'new' && <NexusFormModal objectives={objectives} onClose={close} onSaved={saved} onReload={onReload} />}
            {dialog.kind === 'edit' && <NexusFormModal nexus={dialog.nexus} objectives={objectives} onClose={close} onSaved={saved} onReload={onReload} />}
            {dialog.kind === 'rollup' && <NexusRollupModal id={dialog.id} onClose={close} />}
            {dialog.kind === 'delete' && <DeleteNexus nexus={dialog.nexus} onClose={close} onDeleted={saved} />}
          </Suspense>
        )}
      </ModalTransition>
    </Stack>
  );
}

function DeleteNexus({ nexus, onClose, onDeleted }: { nexus: NexusView; onClose: () => void; onDeleted: () => void }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const remove = async () => {
    setState({ busy: true, error: null });
    try {
      await call('deleteNexus', { id: nexus.id, expectedVersion: nexus.version });
      onDeleted();
    } catch (cause) {
      setState({ busy: false, error: toResolverCallError(cause).message });
    }
  };
  return (
    <ModalDialog onClose={state.busy ? () => undefined : onClose} width="small" testId="delete-nexus-dialog">
      <ModalHeader hasCloseButton>
        <ModalTitle appearance="danger">{`Delete “${nexus.name}”?`}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.100">
          <Text as="p">Its teams and their OKRs stay as they are; they no longer serve an organization Objective as a Nexus.</Text>
          {state.error && <SectionMessage appearance="error">{state.error}</SectionMessage>}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose} isDisabled={state.busy}>
          Cancel
        </Button>
        <Button appearance="danger" testId="confirm-delete-nexus" isLoading={state.busy} onClick={() => void remove()}>
          Delete
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}
