import Select from '@atlaskit/select';
import type { Cycle } from '../../../../../src/contract';
import { CYCLE_STATE_LOOK } from '../../shared/statusAppearance';

interface Option {
  value: string;
  /** In the list: "Q1 2027 · draft". */
  label: string;
  /** Once chosen: "Q1 2027"; its state shows as the lozenge beside the switcher. */
  name: string;
}

function toOption(cycle: Cycle): Option {
  return { value: cycle.id, name: cycle.name, label: `${cycle.name} · ${CYCLE_STATE_LOOK[cycle.state].label.toLowerCase()}` };
}

/** The cycle picker itself (Atlaskit's Select, loaded after the page's first paint). */
export function CycleSelect({ cycles, selected, onSelect }: { cycles: Cycle[]; selected: Cycle; onSelect: (cycleId: string) => void }) {
  const options = cycles.some((cycle) => cycle.id === selected.id) ? cycles.map(toOption) : [toOption(selected), ...cycles.map(toOption)];
  const value = options.find((option) => option.value === selected.id) ?? null;
  return (
    <Select<Option>
      inputId="cycle-switcher-input"
      aria-label="OKR cycle"
      options={options}
      value={value}
      isSearchable={false}
      spacing="compact"
      formatOptionLabel={(option, { context }) => (context === 'value' ? option.name : option.label)}
      onChange={(option) => {
        if (option && option.value !== selected.id) onSelect(option.value);
      }}
    />
  );
}
