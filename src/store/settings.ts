// A project's Outcomes settings, kept under one key per project.
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { Settings } from '../contract';

export const DEFAULT_OKR_LIMIT = 3;
export const DEFAULT_FISCAL_YEAR_START_MONTH = 1;

const storedSettingsSchema = z.object({
  okrLimit: z.number().int().positive().optional(),
  fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
  boardId: z.number().int().positive().optional(),
  productOwnerAccountIds: z.array(z.string()).optional(),
  version: z.number().int().nonnegative().optional(),
});

export const settingsKey = (projectKey: string) => `settings:${projectKey}`;

/**
 * The project's settings, with defaults for what was never set. The Product Owners default to the
 * project lead, so a new project has someone who may write its OKRs.
 */
export async function loadSettings(projectKey: string, projectLeadAccountId: string | undefined): Promise<Settings> {
  const stored = storedSettingsSchema.safeParse((await kvs.get(settingsKey(projectKey))) ?? {});
  const values = stored.success ? stored.data : {};
  return {
    okrLimit: values.okrLimit ?? DEFAULT_OKR_LIMIT,
    fiscalYearStartMonth: values.fiscalYearStartMonth ?? DEFAULT_FISCAL_YEAR_START_MONTH,
    cycleLength: 'quarter',
    ...(values.boardId !== undefined ? { boardId: values.boardId } : {}),
    productOwnerAccountIds: values.productOwnerAccountIds ?? (projectLeadAccountId ? [projectLeadAccountId] : []),
    version: values.version ?? 0,
  };
}
