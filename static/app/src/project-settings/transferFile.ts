// The file side of export and import: the export's pages joined into one document, and a file's text
// cut into the parts `importInParts` takes. Pure, so both are unit-tested without a browser.
import type { OkrExport } from '../../../../src/contract';

/** Bytes of a part of an import: the contract's IMPORT_PART_MAX_BYTES (a value import of the contract would bring zod into the bundle; a test holds them equal). */
export const IMPORT_PART_BYTES = 400_000;

/** The lists an export spreads over its pages (every page repeats the header and the settings). */
const PAGED_LISTS = ['objectives', 'keyResults', 'changes', 'sprintReviews'] as const;

/** Joins an export's pages, in order, into the file: the first page's header, every page's lists, no cursor. */
export function joinExportPages(pages: ReadonlyArray<OkrExport & { nextCursor?: string }>): OkrExport {
  const [first] = pages;
  if (!first) throw new Error('An export has at least one page.');
  const { nextCursor: _cursor, ...header } = first;
  const joined: OkrExport = { ...header };
  for (const list of PAGED_LISTS) {
    joined[list] = pages.flatMap((page) => (Array.isArray(page[list]) ? (page[list] as unknown[]) : []));
  }
  return joined;
}

/** Bytes a text takes inside a request, written as a JSON string (quotes and escapes included). */
export function jsonStringBytes(text: string): number {
  return new TextEncoder().encode(JSON.stringify(text)).length;
}

/**
 * Cuts a text into consecutive parts of at most `maxBytes` each once written as a JSON string, never
 * inside a surrogate pair. One part when it fits.
 */
export function cutIntoParts(text: string, maxBytes: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    // Grow the part by halving steps: the longest prefix that fits.
    let low = start + 1;
    let high = text.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (jsonStringBytes(text.slice(start, middle)) <= maxBytes) low = middle;
      else high = middle - 1;
    }
    let end = low;
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}
