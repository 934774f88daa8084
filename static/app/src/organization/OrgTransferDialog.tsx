import Button from '@atlaskit/button/new';
import { HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useId, useState } from 'react';
import type { ImportDiff, OrgExport, OrgImportPreview } from '../../../../src/contract';
import { call, toResolverCallError } from '../shared/api';
import { cutIntoParts, IMPORT_PART_BYTES, jsonStringBytes } from '../project-settings/transferFile';
import { joinOrgExportPages, orgExportFileName } from './orgTransferFile';

/** Where the file to import is: sent whole (it fits one request) or staged in parts under an import id. */
type Source = { data: unknown } | { importId: string };

type ImportState =
  | { step: 'idle' }
  | { step: 'checking'; fileName: string }
  | { step: 'previewed'; fileName: string; source: Source; preview: OrgImportPreview }
  | { step: 'importing'; fileName: string; source: Source; preview: OrgImportPreview }
  | { step: 'imported'; fileName: string; written: number }
  | { step: 'failed'; fileName: string; message: string; changed: 'nothing' | 'partly' | 'unknown' };

interface Props {
  canManage: boolean;
  onClose: () => void;
  onImported: () => void;
}

/** Export of the organization's OKRs (a download) and, for managers, import: pick a file, see what it would change, confirm. */
export function OrgTransferDialog({ canManage, onClose, onImported }: Props) {
  const [busy, setBusy] = useState(false);
  return (
    <ModalDialog onClose={busy ? () => undefined : onClose} testId="org-transfer-dialog" width="medium">
      <ModalHeader hasCloseButton>
        <ModalTitle>Export and import the organization’s OKRs</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.300">
          <ExportSection />
          {canManage ? (
            <ImportSection onBusy={setBusy} onImported={onImported} />
          ) : (
            <Text as="p" color="color.text.subtle" testId="org-import-not-allowed">
              Only someone with the Manage organization OKRs global permission can import.
            </Text>
          )}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" testId="org-transfer-close" isDisabled={busy} onClick={onClose}>
          Close
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}

function ExportSection() {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const pages = [];
      let cursor: string | undefined;
      do {
        const page = await call('exportOrganization', cursor ? { cursor } : {});
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor);
      saveFile(orgExportFileName(new Date().toISOString().slice(0, 10)), joinOrgExportPages(pages));
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: toResolverCallError(error).message });
    }
  };
  return (
    <Stack space="space.100">
      <Heading size="small" as="h3">
        Export
      </Heading>
      <Text as="p">Every organization Objective and Key Result, with check-ins, grades, history and the fiscal year, as one JSON file. Teams’ OKRs are not in it: each team exports its own.</Text>
      <Inline>
        <Button testId="org-export-button" isLoading={state.busy} onClick={() => void download()}>
          Download export
        </Button>
      </Inline>
      {state.error && (
        <SectionMessage appearance="error" testId="org-export-error" title="The export could not be downloaded">
          <Text as="p">{state.error}</Text>
        </SectionMessage>
      )}
    </Stack>
  );
}

/** A download from the app's frame, with the link also offered to open (whether Jira's frame lets a page download a blob is not documented). */
function saveFile(name: string, document: OrgExport): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }));
  const link = window.document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  window.document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The file's text to send: whole when it fits one request, else staged in parts. */
async function stage(text: string): Promise<Source> {
  if (jsonStringBytes(text) <= IMPORT_PART_BYTES) return { data: JSON.parse(text) as unknown };
  const parts = cutIntoParts(text, IMPORT_PART_BYTES);
  const begun = await call('importOrganizationInParts', { phase: 'begin', parts: parts.length });
  if (!('expiresAt' in begun)) throw new Error('The import did not begin.');
  for (const [index, part] of parts.entries()) await call('importOrganizationInParts', { phase: 'part', importId: begun.importId, index, text: part });
  return { importId: begun.importId };
}

function ImportSection({ onBusy, onImported }: { onBusy: (busy: boolean) => void; onImported: () => void }) {
  const inputId = useId();
  const [state, setState] = useState<ImportState>({ step: 'idle' });

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const fileName = file.name;
    setState({ step: 'checking', fileName });
    try {
      const text = await file.text();
      try {
        JSON.parse(text);
      } catch (error) {
        setState({ step: 'failed', fileName, message: `${fileName} is not JSON (${(error as Error).message}). Choose a file Outcomes exported from this page.`, changed: 'nothing' });
        return;
      }
      const source = await stage(text);
      setState({ step: 'previewed', fileName, source, preview: await call('previewOrganizationImport', source) });
    } catch (error) {
      setState({ step: 'failed', fileName, message: toResolverCallError(error).message, changed: 'nothing' });
    }
  };

  const apply = async (current: Extract<ImportState, { step: 'previewed' }>) => {
    setState({ ...current, step: 'importing' });
    onBusy(true);
    try {
      const { source, preview } = current;
      const basis = preview.basis ? { basis: preview.basis } : {};
      const done = 'importId' in source ? await call('importOrganizationInParts', { phase: 'finish', importId: source.importId, ...basis }) : await call('importOrganization', { data: source.data, ...basis });
      setState({ step: 'imported', fileName: current.fileName, written: 'written' in done ? done.written : -1 });
      onImported();
    } catch (error) {
      const failure = toResolverCallError(error);
      const changed = failure.code === 'UNREACHABLE' ? 'unknown' : /part-way/.test(failure.message) ? 'partly' : 'nothing';
      setState({ step: 'failed', fileName: current.fileName, message: failure.message, changed });
    } finally {
      onBusy(false);
    }
  };

  return (
    <Stack space="space.150" testId="org-import">
      <Heading size="small" as="h3">
        Import
      </Heading>
      <Stack space="space.050">
        <Label htmlFor={inputId}>Import a file</Label>
        <input
          id={inputId}
          data-testid="org-import-file"
          type="file"
          accept="application/json,.json"
          disabled={state.step === 'checking' || state.step === 'importing'}
          onChange={(event) => {
            const input = event.currentTarget;
            void choose(input.files?.[0]).finally(() => {
              input.value = '';
            });
          }}
        />
        <HelperMessage>
          An import replaces the organization’s OKRs with the file’s. You see what it would change before anything is written; teams’ OKRs stay as they are.
        </HelperMessage>
      </Stack>
      {state.step === 'checking' && <Text testId="org-import-checking">Checking {state.fileName}…</Text>}
      {state.step === 'failed' && (
        <SectionMessage appearance={state.changed === 'partly' ? 'warning' : 'error'} testId="org-import-error" title={`${state.fileName} was not imported`}>
          <Text as="p">{state.message}</Text>
          {state.changed === 'nothing' && <Text as="p">Nothing was changed.</Text>}
          {state.changed === 'unknown' && <Text as="p">Check the file again to see whether anything was changed.</Text>}
        </SectionMessage>
      )}
      {state.step === 'imported' && (
        <SectionMessage appearance="success" testId="org-import-done" title={`${state.fileName} is imported`}>
          <Text as="p">{state.written >= 0 ? `${state.written} records were written; the rest were already as the file has them.` : 'The organization’s OKRs are now the file’s.'}</Text>
        </SectionMessage>
      )}
      {(state.step === 'previewed' || state.step === 'importing') && (
        <PreviewResult
          fileName={state.fileName}
          preview={state.preview}
          busy={state.step === 'importing'}
          onImport={state.step === 'previewed' ? () => void apply(state) : undefined}
          onCancel={() => setState({ step: 'idle' })}
        />
      )}
    </Stack>
  );
}

const ROWS: Array<{ key: 'objectives' | 'keyResults' | 'checkIns' | 'history'; label: string }> = [
  { key: 'objectives', label: 'Objectives' },
  { key: 'keyResults', label: 'Key Results' },
  { key: 'checkIns', label: 'Check-ins' },
  { key: 'history', label: 'History entries' },
];

/** The server's message names its field first; the list shows the field already. */
const withoutField = (message: string, field: string) => (field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);

const describeDiff = (diff: ImportDiff) => `${diff.added} added, ${diff.changed} changed, ${diff.removed} removed, ${diff.unchanged} unchanged`;

function PreviewResult({ fileName, preview, busy, onImport, onCancel }: { fileName: string; preview: OrgImportPreview; busy: boolean; onImport: (() => void) | undefined; onCancel: () => void }) {
  if (!preview.valid || !preview.changes) {
    const more = preview.problemCount - preview.problems.length;
    return (
      <SectionMessage appearance="error" testId="org-import-problems" title={`${fileName} cannot be imported: ${preview.problemCount} ${preview.problemCount === 1 ? 'problem' : 'problems'}`}>
        <Stack space="space.100">
          <Box as="ul">
            {preview.problems.map((problem, i) => (
              <Box as="li" key={`${problem.field}-${i}`} testId="org-import-problem">
                <Text weight="semibold">{problem.field || 'The file'}</Text>: <Text>{withoutField(problem.message, problem.field)}</Text>
              </Box>
            ))}
          </Box>
          {more > 0 && <Text as="p">…and {more} more. Fix these and check the file again.</Text>}
          <Text as="p">Nothing was changed.</Text>
        </Stack>
      </SectionMessage>
    );
  }
  const { changes, unfinished } = preview;
  return (
    <SectionMessage appearance="information" testId="org-import-preview" title={`What importing ${fileName} would change`}>
      <Stack space="space.100">
        {unfinished && (
          <Text as="p" testId="org-import-unfinished">
            {unfinished.running ? 'Another import of the organization’s OKRs is running now; wait for it to end.' : 'An earlier import stopped part-way: importing this file finishes the organization’s OKRs as the file has them.'}
          </Text>
        )}
        <Box as="ul">
          {ROWS.map((row) => (
            <Box as="li" key={row.key} testId={`org-preview-${row.key}`}>
              <Text weight="semibold">{row.label}</Text>: <Text>{describeDiff(changes[row.key])}</Text>
            </Box>
          ))}
          <Box as="li" testId="org-preview-settings">
            <Text weight="semibold">Fiscal year</Text>: <Text>{changes.settings}</Text>
          </Box>
          {changes.teamContributionsLeft !== 0 && (
            <Box as="li" testId="org-preview-teams">
              <Text weight="semibold">Teams’ Key Results</Text>:{' '}
              <Text>
                {changes.teamContributionsLeft === null
                  ? 'some may contribute to Key Results the file drops; they keep naming them, shown as deleted'
                  : `${changes.teamContributionsLeft} contribute to Key Results the file drops; they keep naming them, shown as deleted until a file brings them back`}
              </Text>
            </Box>
          )}
        </Box>
        <Inline space="space.100">
          <Button appearance="primary" testId="org-confirm-import" isLoading={busy} isDisabled={!onImport} onClick={onImport}>
            Import
          </Button>
          <Button appearance="subtle" testId="org-cancel-import" isDisabled={busy} onClick={onCancel}>
            Cancel
          </Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}
