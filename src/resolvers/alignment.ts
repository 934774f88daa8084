// What a team may align its OKRs and its Product Goal to: the organization's Objectives and Key
// Results of the fiscal year and the quarter running now (on the organization's calendar). Read from a
// project's page or settings by anyone who may browse the project: the organization's OKRs are read
// by every user of the site. Saving an alignment is saveObjective / saveKeyResult / saveSettings.
import type Resolver from '@forge/resolver';
import type { AlignmentChoices, ValidPayload } from '../contract';
import { cyclesAround } from '../domain/cycles';
import { requireBrowse } from '../invocation/access';
import { defineResolvers, type Invocation } from '../invocation/define';
import { loadOrgCycle, loadOrgSettings } from '../store/org-okrs';

async function getAlignmentChoices(_payload: ValidPayload<'getAlignmentChoices'>, invocation: Invocation): Promise<AlignmentChoices> {
  await requireBrowse(invocation);
  const { fiscalYearStartMonth } = await loadOrgSettings();
  const cycles = cyclesAround(invocation.now, fiscalYearStartMonth).filter((cycle) => cycle.state === 'active');
  // Each cycle's first ORG_MAX_OBJECTIVES Objectives, as the organization page lists them.
  const loaded = await Promise.all(cycles.map((cycle) => loadOrgCycle(cycle.id)));
  return {
    cycles,
    objectives: loaded.flatMap(({ objectives, keyResults }) =>
      objectives.map((objective) => ({
        id: objective.id,
        title: objective.title,
        cycleId: objective.cycleId,
        keyResults: keyResults.filter((keyResult) => keyResult.objectiveId === objective.id).map((keyResult) => ({ id: keyResult.id, title: keyResult.title })),
      })),
    ),
  };
}

export function registerAlignment(resolver: Resolver): void {
  defineResolvers(resolver, { getAlignmentChoices });
}
