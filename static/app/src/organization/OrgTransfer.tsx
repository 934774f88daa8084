import Button from '@atlaskit/button/new';
import ModalTransition from '@atlaskit/modal-dialog/modal-transition';
import { lazy, Suspense, useState } from 'react';
import { DialogLoading } from '../project-page/DialogLoading';

// The dialog loads once asked for: most visits to the page never open it.
const OrgTransferDialog = lazy(() => import('./OrgTransferDialog').then((module) => ({ default: module.OrgTransferDialog })));

interface Props {
  /** Whether the caller holds Manage organization OKRs (then the dialog offers the import too). */
  canManage: boolean;
  /** After an import: the page reads the organization's OKRs again. */
  onImported: () => void;
}

/** The organization page's entry to export (everyone) and import (managers): a button and its dialog. */
export function OrgTransfer({ canManage, onImported }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button appearance="subtle" testId="org-transfer" onClick={() => setOpen(true)}>
        {canManage ? 'Export or import' : 'Export'}
      </Button>
      <ModalTransition>
        {open && (
          <Suspense fallback={<DialogLoading />}>
            <OrgTransferDialog canManage={canManage} onClose={() => setOpen(false)} onImported={onImported} />
          </Suspense>
        )}
      </ModalTransition>
    </>
  );
}
