// An issue's status category as a lozenge.
import type { StatusCategory } from '../../../../src/contract';
import { STATUS_CATEGORY_LOOK } from '../shared/statusAppearance';
import { TokenLozenge } from './TokenLozenge';

export function StatusLozenge({ statusCategory }: { statusCategory: StatusCategory }) {
  const { label, appearance } = STATUS_CATEGORY_LOOK[statusCategory];
  return <TokenLozenge appearance={appearance} label={label} testId="status-lozenge" />;
}
