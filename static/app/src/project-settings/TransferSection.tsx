import Button from '@atlaskit/button/new';
import { HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useId, useState } from 'react';
import type { ImportDiff, ImportPreview, OkrExport } from '../../../../src/contract';
import { call, toResolverCallError, type ResolverCallError } from '../shared/api';
import { cutIntoParts, IMPORT_PART_BYTES, joinExportPages, jsonStringBytes } from './transferFile';

/** Where the file to import is: sent whole (it fits one request) or staged in parts under an import id. */
type Source = { data: unknown } | { importId: string };

type ImportState =
  | { step: 'idle' }
  | { step: 'checking'; fileName: string }
  | { step: 'previewed'; fileName: string; source: Source; preview: ImportPreview }
  | { step: 'importing'; fileName: string; source: Source; preview: ImportPreview }
  | { step: 'imported'; fileName: string; written: number }
  | { step: 'failed'; fileName: string; error: ResolverCallError | { message: string; code?: undefined } };

interface Props {
  projectKey: string;
  canImport: boolean;
  onImported: () => void;
}

/** Export (a download of the whole export, page after page) and import (a preview first, then the write). */
export function TransferSection({ projectKey, canImport, onImported }: Props) {
  return (
    <Box as="section" testId="transfer" aria-labelledby="transfer-heading">
      <Stack space="space.200">
        <Heading size="medium" as="h2" id="transfer-heading">
          Export and import
        </Heading>
        <ExportButton projectKey={projectKey} />
        {canImport ? <ImportFile onImported={onImported} /> : <Text as="p" color="color.text.subtle">Only someone who may write OKRs can import.</Text>}
      </Stack>
    </Box>
  );
}

function ExportButton({ projectKey }: { projectKey: string }) {
  const [state, setState] = useState<{ busy: boolean; error: ResolverCallError | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const pages = [];
      let cursor: string | undefined;
      do {
        const page = await call('exportData', cursor ? { cursor } : {});
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor);
      saveFile(`outcomes-${projectKey}-${new Date().toISOString().slice(0, 10)}.json`, joinExportPages(pages));
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: toResolverCallError(error) });
    }
  };
  return (
    <Stack space="space.100">
      <Text as="p">The project’s OKRs, check-ins, history, Sprint Reviews and grades as one JSON file, to keep or to import into this project again.</Text>
      <Inline>
        <Button testId="export-button" isLoading={state.busy} onClick={() => void download()}>
          Download export
        </Button>
      </Inline>
      {state.error && (
        <SectionMessage appearance="error" testId="export-error" title="The export could not be downloaded">
          <Text as="p">{state.error.message}</Text>
        </SectionMessage>
      )}
    </Stack>
  );
}

/**
 * A download from the app's frame. Whether Jira's frame for a Custom UI lets a page download a blob
 * is not documented; the link is also offered to open, so either way the file can be had.
 */
function saveFile(name: string, document: OkrExport): void {
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

/** The file's text to send: whole when it fits one request, else staged with importInParts. */
async function stage(text: string): Promise<Source> {
  if (jsonStringBytes(text) <= IMPORT_PART_BYTES) return { data: JSON.parse(text) as unknown };
  const parts = cutIntoParts(text, IMPORT_PART_BYTES);
  const begun = await call('importInParts', { phase: 'begin', parts: parts.length });
  if (!('expiresAt' in begun)) throw new Error('The import did not begin.');
  for (const [index, part] of parts.entries()) await call('importInParts', { phase: 'part', importId: begun.importId, index, text: part });
  return { importId: begun.importId };
}

function ImportFile({ onImported }: { onImported: () => void }) {
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
        setState({ step: 'failed', fileName, error: { message: `${fileName} is not JSON (${(error as Error).message}). Choose a file Outcomes exported.` } });
        return;
      }
      const source = await stage(text);
      setState({ step: 'previewed', fileName, source, preview: await call('previewImport', source) });
    } catch (error) {
      setState({ step: 'failed', fileName, error: toResolverCallError(error) });
    }
  };

  const apply = async (current: Extract<ImportState, { step: 'previewed' }>) => {
    setState({ ...current, step: 'importing' });
    try {
      const { source } = current;
      const written = 'importId' in source ? (await call('importInParts', { phase: 'finish', importId: source.importId })) : await call('importData', source);
      setState({ step: 'imported', fileName: current.fileName, written: 'written' in written ? Number(written.written) : -1 });
      onImported();
    } catch (error) {
      setState({ step: 'failed', fileName: current.fileName, error: toResolverCallError(error) });
    }
  };

  return (
    <Stack space="space.150" testId="import">
      <Stack space="space.050">
        <Label htmlFor={inputId}>Import a file</Label>
        <input
          id={inputId}
          data-testid="import-file"
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
        <HelperMessage>Outcomes shows what the file would change before anything is written. An import replaces the project’s OKR data with the file’s.</HelperMessage>
      </Stack>
      {state.step === 'checking' && <Text testId="import-checking">Checking {state.fileName}…</Text>}
      {state.step === 'failed' && (
        <SectionMessage appearance="error" testId="import-error" title={`${state.fileName} was not imported`}>
          <Text as="p">{state.error.message}</Text>
          <Text as="p">Nothing was changed.</Text>
        </SectionMessage>
      )}
      {state.step === 'imported' && (
        <SectionMessage appearance="success" testId="import-done" title={`${state.fileName} is imported`}>
          <Text as="p">{state.written >= 0 ? `${state.written} records were written; the rest were already as the file has them.` : 'The project now holds the file’s OKRs.'}</Text>
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

const ROWS: Array<{ key: 'objectives' | 'keyResults' | 'checkIns' | 'history' | 'sprintReviews'; label: string }> = [
  { key: 'objectives', label: 'Objectives' },
  { key: 'keyResults', label: 'Key Results' },
  { key: 'checkIns', label: 'Check-ins' },
  { key: 'sprintReviews', label: 'Sprint Reviews' },
  { key: 'history', label: 'History entries' },
];

/** The server's message names its field first; the list shows the field already. */
const withoutField = (message: string, field: string) => (field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);

const describeDiff = (diff: ImportDiff) => `${diff.added} added, ${diff.changed} changed, ${diff.removed} removed`;

function PreviewResult({ fileName, preview, busy, onImport, onCancel }: { fileName: string; preview: ImportPreview; busy: boolean; onImport: (() => void) | undefined; onCancel: () => void }) {
  if (!preview.valid || !preview.changes) {
    const more = preview.problemCount - preview.problems.length;
    return (
      <SectionMessage appearance="error" testId="import-problems" title={`${fileName} cannot be imported: ${preview.problemCount} ${preview.problemCount === 1 ? 'problem' : 'problems'}`}>
        <Stack space="space.100">
          <Box as="ul">
            {preview.problems.map((problem, i) => (
              <Box as="li" key={`${problem.field}-${i}`} testId="import-problem">
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
  const { changes } = preview;
  return (
    <SectionMessage appearance="information" testId="import-preview" title={`What importing ${fileName} would change`}>
      <Stack space="space.100">
        <Box as="ul">
          {ROWS.map((row) => (
            <Box as="li" key={row.key} testId={`preview-${row.key}`}>
              <Text weight="semibold">{row.label}</Text>: <Text>{describeDiff(changes[row.key])}</Text>
            </Box>
          ))}
          <Box as="li" testId="preview-links">
            <Text weight="semibold">Issue links</Text>: <Text>{changes.links.removed} removed (with the Key Results the file drops)</Text>
          </Box>
          <Box as="li" testId="preview-settings">
            <Text weight="semibold">Settings</Text>: <Text>{changes.settings}</Text>
          </Box>
        </Box>
        <Inline space="space.100">
          <Button appearance="primary" testId="confirm-import" isLoading={busy} isDisabled={!onImport} onClick={onImport}>
            Import
          </Button>
          <Button appearance="subtle" testId="cancel-import" isDisabled={busy} onClick={onCancel}>
            Cancel
          </Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}
