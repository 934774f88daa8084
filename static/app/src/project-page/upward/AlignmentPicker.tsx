// Picks what a team's Objective serves, or what its Key Result contributes to, among the organization's
// OKRs of this fiscal year and quarter (getAlignmentChoices). Alignment is an option: "None" is always there.
import Select from '@atlaskit/select';
import { useMemo } from 'react';
import { useResolver } from '../../shared/useResolver';

export interface AlignmentOption {
  label: string;
  value: string;
}

interface Props {
  kind: 'objective' | 'keyResult';
  inputId: string;
  value: AlignmentOption | null;
  onChange: (value: AlignmentOption | null) => void;
}

export function AlignmentPicker({ kind, inputId, value, onChange }: Props) {
  const choices = useResolver('getAlignmentChoices', {});
  const groups = useMemo(() => {
    const objectives = choices.data?.objectives ?? [];
    const cycleName = (cycleId: string) => choices.data?.cycles.find((cycle) => cycle.id === cycleId)?.name ?? cycleId;
    if (kind === 'objective') {
      const byCycle = new Map<string, AlignmentOption[]>();
      for (const objective of objectives) byCycle.set(objective.cycleId, [...(byCycle.get(objective.cycleId) ?? []), { label: objective.title, value: objective.id }]);
      return [...byCycle].map(([cycleId, options]) => ({ label: cycleName(cycleId), options }));
    }
    return objectives
      .filter((objective) => objective.keyResults.length > 0)
      .map((objective) => ({ label: `${objective.title} (${cycleName(objective.cycleId)})`, options: objective.keyResults.map((keyResult) => ({ label: keyResult.title, value: keyResult.id })) }));
  }, [choices.data, kind]);
  // A value the choices no longer hold (deleted, or of a cycle gone by) is kept, and said so.
  const known = groups.flatMap((group) => group.options).find((option) => option.value === value?.value);
  const shown = value ? (known ?? (choices.state === 'ready' ? { ...value, label: `${value.label} (deleted or of another cycle)` } : value)) : null;
  return (
    <Select<AlignmentOption>
      inputId={inputId}
      testId={kind === 'objective' ? 'serves-picker' : 'contributes-picker'}
      isClearable
      isLoading={choices.state === 'loading'}
      options={groups}
      value={shown}
      onChange={(option) => onChange(option ?? null)}
      placeholder={choices.state === 'error' ? 'The organization’s OKRs could not be read just now' : 'None'}
      noOptionsMessage={() => 'The organization has no OKRs for this year or quarter yet'}
    />
  );
}
