import Lozenge from '@atlaskit/lozenge';
import type { CycleState, SprintState, StatusCategory } from '../../../../src/contract';
import { CYCLE_STATE_LOOK, SPRINT_STATE_LOOK, STATUS_CATEGORY_LOOK, type LozengeLook } from '../shared/statusAppearance';

function Look({ look }: { look: LozengeLook }) {
  return <Lozenge appearance={look.appearance}>{look.label}</Lozenge>;
}

export function StatusCategoryLozenge({ statusCategory }: { statusCategory: StatusCategory }) {
  return <Look look={STATUS_CATEGORY_LOOK[statusCategory]} />;
}

export function SprintStateLozenge({ state }: { state: SprintState }) {
  return <Look look={SPRINT_STATE_LOOK[state]} />;
}

export function CycleStateLozenge({ state }: { state: CycleState }) {
  return <Look look={CYCLE_STATE_LOOK[state]} />;
}
