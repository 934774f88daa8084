// The organization's export pages joined into the file: pure, so it is unit-tested without a browser.
import type { OrgExport } from '../../../../src/contract';

/** The lists an organization export spreads over its pages (every page repeats the header and the settings). */
const PAGED_LISTS = ['objectives', 'keyResults', 'changes'] as const;

/** Joins the pages, in order, into the file: the first page's header, every page's lists, no cursor. */
export function joinOrgExportPages(pages: ReadonlyArray<OrgExport & { nextCursor?: string }>): OrgExport {
  const [first] = pages;
  if (!first) throw new Error('An export has at least one page.');
  const { nextCursor: _cursor, ...header } = first;
  const joined: OrgExport = { ...header };
  for (const list of PAGED_LISTS) joined[list] = pages.flatMap((page) => (Array.isArray(page[list]) ? (page[list] as unknown[]) : []));
  return joined;
}

/** What the file is called when downloaded on `day` (YYYY-MM-DD). */
export const orgExportFileName = (day: string) => `outcomes-organization-${day}.json`;
