// A checkbox to pick an issue for a bulk link. A native one (keyboard, screen readers and forced
// colours work as the browser does), drawn in the theme's selected colour.
import { token } from '@atlaskit/tokens';

interface Props {
  checked: boolean;
  /** Some but not all of a list are picked (the "all" box). */
  mixed?: boolean;
  label: string;
  onChange: (checked: boolean) => void;
  testId?: string;
}

export function SelectBox({ checked, mixed = false, label, onChange, testId }: Props) {
  return (
    <input
      type="checkbox"
      checked={checked}
      ref={(element) => {
        if (element) element.indeterminate = mixed;
      }}
      aria-label={label}
      data-testid={testId}
      onChange={(event) => onChange(event.target.checked)}
      style={{ width: 16, height: 16, margin: 0, flexShrink: 0, cursor: 'pointer', accentColor: token('color.background.selected.bold') }}
    />
  );
}
