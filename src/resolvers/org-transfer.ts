// Export and import of the organization's OKRs, from the organization page (store/org-transfer.ts has
// the format and what an import does). Export: everyone who reads the organization's OKRs (every
// user Jira knows), as the file holds nothing they cannot read on the page. Preview and import: only
// holders of the Manage organization OKRs global permission, checked against Jira on every call.
import type Resolver from '@forge/resolver';
import { IMPORT_PREVIEW_MAX_PROBLEMS, type DataOf, type ValidPayload } from '../contract';
import { changeBy, defineSiteResolvers, type SiteInvocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { organizationAccess, requireOrgManager } from '../invocation/org-access';
import { beginImport, removeParts, stagedDocument, stageImportPart } from '../store/import-parts';
import { StoreImportRunningError } from '../store/errors';
import { ORGANIZATION_SCOPE } from '../store/model';
import { applyOrgImport, exportOrganizationPage, OrgImportBasisError, OrgImportStoppedError, previewOrgImport } from '../store/org-transfer';

async function exportOrganization(payload: ValidPayload<'exportOrganization'>, invocation: SiteInvocation): Promise<DataOf<'exportOrganization'>> {
  await organizationAccess(invocation);
  return exportOrganizationPage(invocation.now.toISOString(), payload.cursor);
}

async function previewOrganizationImport(payload: ValidPayload<'previewOrganizationImport'>, invocation: SiteInvocation): Promise<DataOf<'previewOrganizationImport'>> {
  requireOrgManager(await organizationAccess(invocation), 'import the organization’s OKRs');
  const data = 'importId' in payload ? (await stagedDocument(ORGANIZATION_SCOPE, payload.importId)).data : payload.data;
  return previewOrgImport(data, invocation.now.toISOString(), IMPORT_PREVIEW_MAX_PROBLEMS);
}

/** An import that wrote part of the file and stopped is answered so, never as "nothing was changed". */
async function imported<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OrgImportStoppedError) {
      console.warn('Outcomes: an organization import stopped part-way', error.cause);
      throw new AppError('UNAVAILABLE', error.message);
    }
    if (error instanceof StoreImportRunningError) {
      throw new AppError('CONFLICT', `Another import of the organization’s OKRs is running (started ${error.startedAt.slice(0, 16).replace('T', ' ')} UTC). Wait until it has finished, then import again.`);
    }
    if (error instanceof OrgImportBasisError) {
      throw new AppError('CONFLICT', 'Someone changed the organization’s OKRs since this file was checked. Check the file again to see what importing it would change now.');
    }
    throw error;
  }
}

async function importOrganization(payload: ValidPayload<'importOrganization'>, invocation: SiteInvocation): Promise<DataOf<'importOrganization'>> {
  requireOrgManager(await organizationAccess(invocation), 'import the organization’s OKRs');
  return imported(() => applyOrgImport(payload.data, changeBy(invocation, 'organization.imported'), payload.basis));
}

async function importOrganizationInParts(payload: ValidPayload<'importOrganizationInParts'>, invocation: SiteInvocation): Promise<DataOf<'importOrganizationInParts'>> {
  requireOrgManager(await organizationAccess(invocation), 'import the organization’s OKRs');
  const change = changeBy(invocation, 'organization.imported');
  if (payload.phase === 'begin') return beginImport(ORGANIZATION_SCOPE, payload.parts, change);
  if (payload.phase === 'part') return stageImportPart(ORGANIZATION_SCOPE, payload.importId, payload.index, payload.text);
  const { data, keys } = await stagedDocument(ORGANIZATION_SCOPE, payload.importId);
  const summary = await imported(() => applyOrgImport(data, change, payload.basis));
  // The parts stay until the import is applied (finishing again after a failure resumes it); then they go.
  await removeParts(payload.importId, keys);
  return summary;
}

export function registerOrgTransfer(resolver: Resolver): void {
  defineSiteResolvers(resolver, { exportOrganization, previewOrganizationImport, importOrganization, importOrganizationInParts });
}
