// The gadget's edit mode: the project whose OKRs it shows (among those the viewer may browse) and the
// cycle, the current one by default (it then moves on by itself each quarter). Saving hands Jira the
// configuration with `view.submit`, which Jira keeps for the gadget and gives it back in its context.
import Button from '@atlaskit/button/new';
import { HelperMessage, Label } from '@atlaskit/form';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { view } from '@forge/bridge';
import { useState } from 'react';
import type { ProjectRef } from '../../../../src/contract';
import { ResolverErrorMessage } from '../project-page/ResolverErrorMessage';
import { Loading } from '../shared/Loading';
import { CYCLE_STATE_LOOK } from '../shared/statusAppearance';
import { useResolver } from '../shared/useResolver';
import type { GadgetConfiguration } from './gadgetContext';

interface Option {
  value: string;
  label: string;
}

const CURRENT_CYCLE: Option = { value: '', label: 'The current quarter (moves on by itself)' };

export function GadgetEdit({ initial }: { initial: GadgetConfiguration }) {
  const projects = useResolver('getGadgetProjects', {});
  const [projectKey, setProjectKey] = useState(initial.projectKey);
  const [cycleId, setCycleId] = useState(initial.cycleId ?? '');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const save = () => {
    if (!projectKey) {
      setProblem('Choose the project whose OKRs the gadget shows.');
      return;
    }
    setSaving(true);
    setProblem(null);
    view.submit({ projectKey, ...(cycleId ? { cycleId } : {}) }).catch((error: unknown) => {
      console.error('Outcomes: the gadget configuration was not saved', error);
      setSaving(false);
      setProblem('Jira did not keep the gadget’s settings. Try again.');
    });
  };
  const cancel = () => {
    // Jira may or may not let a gadget leave its edit mode without saving; when it does not, nothing happens.
    view.close().catch((error: unknown) => console.warn('Outcomes: the gadget edit mode could not be closed', error));
  };

  if (projects.state === 'loading') return <Loading size="medium" label="Loading the projects you can browse" />;
  if (projects.state === 'error') return <ResolverErrorMessage error={projects.error} what="your projects" onRetry={projects.reload} />;
  return (
    <Stack space="space.200" testId="gadget-edit">
      <Text as="p">Choose the project whose Objectives and Key Results this gadget shows.</Text>
      {projects.data.projects.length === 0 ? (
        <SectionMessage appearance="warning" title="No project to show">
          <Text as="p">Jira lets you browse no project. A Jira admin or a project admin can give you access.</Text>
        </SectionMessage>
      ) : (
        <ProjectField projects={projects.data.projects} projectKey={projectKey} onChange={(key) => {
          setProjectKey(key);
          setCycleId('');
          setProblem(null);
        }} />
      )}
      {projectKey && <CycleField key={projectKey} projectKey={projectKey} cycleId={cycleId} onChange={setCycleId} />}
      {problem && (
        <Box testId="gadget-edit-problem" role="alert">
          <SectionMessage appearance="error">
            <Text as="p">{problem}</Text>
          </SectionMessage>
        </Box>
      )}
      <Inline space="space.100" alignInline="end">
        <Button appearance="subtle" onClick={cancel} testId="gadget-cancel">
          Cancel
        </Button>
        <Button appearance="primary" onClick={save} isLoading={saving} testId="gadget-save">
          Save
        </Button>
      </Inline>
    </Stack>
  );
}

function ProjectField({ projects, projectKey, onChange }: { projects: ProjectRef[]; projectKey: string | undefined; onChange: (key: string) => void }) {
  const options: Option[] = projects.map((project) => ({ value: project.key, label: `${project.name} (${project.key})` }));
  return (
    <Box testId="gadget-project">
      <Label htmlFor="gadget-project-input">Project</Label>
      <Select<Option>
        inputId="gadget-project-input"
        options={options}
        value={options.find((option) => option.value === projectKey) ?? null}
        placeholder="Choose a project"
        onChange={(option) => {
          if (option) onChange(option.value);
        }}
      />
      <HelperMessage>Everyone who sees this dashboard sees the project’s OKRs only if Jira lets them browse it.</HelperMessage>
    </Box>
  );
}

/** The cycles of the chosen project (its fiscal year decides them), read with its OKRs: this also checks access. */
function CycleField({ projectKey, cycleId, onChange }: { projectKey: string; cycleId: string; onChange: (cycleId: string) => void }) {
  const okrs = useResolver('getGadgetOkrs', { projectKey });
  if (okrs.state === 'loading') return <Loading size="medium" label={`Loading the cycles of ${projectKey}`} />;
  if (okrs.state === 'error') return <ResolverErrorMessage error={okrs.error} what={`the OKRs of ${projectKey}`} onRetry={okrs.reload} />;
  const options: Option[] = [CURRENT_CYCLE, ...okrs.data.cycles.map((cycle) => ({ value: cycle.id, label: `${cycle.name} · ${CYCLE_STATE_LOOK[cycle.state].label.toLowerCase()}` }))];
  return (
    <Box testId="gadget-cycle">
      <Label htmlFor="gadget-cycle-input">Cycle</Label>
      <Select<Option>
        inputId="gadget-cycle-input"
        options={options}
        value={options.find((option) => option.value === cycleId) ?? CURRENT_CYCLE}
        isSearchable={false}
        onChange={(option) => onChange(option?.value ?? '')}
      />
    </Box>
  );
}
