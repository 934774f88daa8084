// How each state reads, as a label and a lozenge appearance; shared by Atlaskit's Lozenge (project page)
// and the issue panel's lightweight lozenge.
import type { CycleState, SprintState, StatusCategory } from '../../../../src/contract';

export type LozengeAppearance = 'default' | 'inprogress' | 'success';

export interface LozengeLook {
  label: string;
  appearance: LozengeAppearance;
}

export const STATUS_CATEGORY_LOOK: Record<StatusCategory, LozengeLook> = {
  todo: { label: 'To Do', appearance: 'default' },
  inprogress: { label: 'In Progress', appearance: 'inprogress' },
  done: { label: 'Done', appearance: 'success' },
};

export const SPRINT_STATE_LOOK: Record<SprintState, LozengeLook> = {
  active: { label: 'Active', appearance: 'inprogress' },
  closed: { label: 'Closed', appearance: 'success' },
  future: { label: 'Future', appearance: 'default' },
};

export const CYCLE_STATE_LOOK: Record<CycleState, LozengeLook> = {
  draft: { label: 'Draft', appearance: 'default' },
  active: { label: 'Active', appearance: 'inprogress' },
  closed: { label: 'Closed', appearance: 'success' },
};
