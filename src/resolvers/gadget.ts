// The dashboard gadget: a project's OKRs for stakeholders, wherever their dashboard is. The gadget has
// no project of its own: its configuration names one, which the payload carries and Jira's Browse
// projects permission guards (inNamedProject), as for any other read.
import type Resolver from '@forge/resolver';
import { GADGET_MAX_PROJECTS, type GadgetData, type ValidPayload } from '../contract';
import { cycleById, cyclesAround, quarterOf } from '../domain/cycles';
import { inNamedProject, projectAccess } from '../invocation/access';
import { defineSiteResolvers, type SiteInvocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { loadCycle } from '../store/okrs';
import { gadgetView } from '../views/gadget';

async function getGadgetOkrs(payload: ValidPayload<'getGadgetOkrs'>, site: SiteInvocation): Promise<GadgetData> {
  const invocation = await inNamedProject(site, payload.projectKey);
  const { project, settings } = await projectAccess(invocation);
  const { now } = invocation;
  const cycle = payload.cycleId ? cycleById(payload.cycleId, settings.fiscalYearStartMonth, now) : quarterOf(now, settings.fiscalYearStartMonth, now);
  if (!cycle) throw new AppError('NOT_FOUND', `There is no OKR cycle ${payload.cycleId ?? ''}.`, 'cycleId');
  const { objectives, keyResults } = await loadCycle(project.key, cycle.id);
  const cycles = cyclesAround(now, settings.fiscalYearStartMonth).filter((candidate) => candidate.kind === 'quarter');
  return gadgetView({ project: { key: project.key, name: project.name }, cycle, cycles, objectives, keyResults, today: now, staleCheckInDays: settings.staleCheckInDays });
}

/** The projects the gadget's configuration offers: those Jira lets the viewer browse. */
async function getGadgetProjects(payload: ValidPayload<'getGadgetProjects'>, { jira }: SiteInvocation) {
  return { projects: await jira.browsableProjects(payload.query || undefined, GADGET_MAX_PROJECTS) };
}

export function registerGadget(resolver: Resolver): void {
  defineSiteResolvers(resolver, { getGadgetOkrs, getGadgetProjects });
}
