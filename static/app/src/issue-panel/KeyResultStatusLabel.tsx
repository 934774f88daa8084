// A Key Result's status as a small token-coloured label.
import type { KeyResultStatus } from '../../../../src/contract';
import { KEY_RESULT_STATUS_LOOK } from '../shared/format';
import { TokenLozenge } from './TokenLozenge';

export function KeyResultStatusLabel({ status }: { status: KeyResultStatus }) {
  const look = KEY_RESULT_STATUS_LOOK[status];
  return <TokenLozenge appearance={look.appearance} label={look.label} testId="key-result-status" status={status} />;
}
