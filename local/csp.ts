// The Content-Security-Policy Forge serves a Custom UI resource under, computed by Atlassian's own
// @forge/csp from the resource's built index.html and the manifest's `permissions`, so that the local
// preview blocks exactly what Forge blocks (an inline <style> without `content.styles: unsafe-inline`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions } from '@forge/manifest';
import { load } from 'cheerio';
import { parse } from 'yaml';

const MANIFEST = path.join(__dirname, '..', 'manifest.yml');

/** Where the preview's browsers send violation reports: never to Atlassian's collector. */
export const CSP_REPORT_PATH = '/__local/csp-report';

/** The manifest's `permissions`, read again on each call so an edit shows on the next page load. */
export function manifestPermissions(file = MANIFEST): Permissions {
  const manifest = parse(readFileSync(file, 'utf8')) as { permissions?: Permissions } | null;
  return manifest?.permissions ?? {};
}

// Forge discards a `permissions.content` entry it deems unsafe and logs that; the preview says so too.
const processing = new CSPProcessingService({ info: (message: string) => console.warn(`[outcomes] @forge/csp: ${message}`) }, load);
const injection = new CSPInjectionService();

export interface ResourcePolicyOptions {
  /** The resource's built index.html, as uploaded: Forge hashes its inline scripts into script-src. */
  html: string | Buffer;
  permissions: Permissions;
  /** The product site the resource is embedded in (the preview's own origin). */
  siteUrl: string;
  /** Where violation reports go instead of Atlassian's collector. */
  reportUri: string;
}

/**
 * The policy's directives exactly as @forge/csp computes them for Atlassian's production
 * environment, except `report-uri`, which only says where reports are posted and enforces nothing.
 */
export function resourcePolicyDirectives({ html, permissions, siteUrl, reportUri }: ResourcePolicyOptions): string[] {
  const existingCSPDetails = processing.getCspDetails(html, permissions);
  // Atlassian does not document what `hostname` Forge passes; the site the app runs in fits every
  // directive it is added to (frame-ancestors, img-src, connect-src…), and locally that is our origin.
  const directives = injection.getInjectableCSP({ existingCSPDetails, microsEnv: 'prod', hostname: siteUrl });
  return directives.map((directive) => (directive.startsWith('report-uri ') ? `report-uri ${reportUri}` : directive));
}

/** The `Content-Security-Policy` header value for a resource. */
export function resourcePolicy(options: ResourcePolicyOptions): string {
  return resourcePolicyDirectives(options).join('; ');
}

/** One line for a browser's violation report (`application/csp-report` or the Reporting API's JSON). */
export function describeCspReport(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    const reports = (Array.isArray(parsed) ? parsed.map((entry) => (entry as { body?: unknown }).body) : [(parsed as { 'csp-report'?: unknown })['csp-report']]) as Array<
      Record<string, unknown> | undefined
    >;
    return reports
      .map((r) => {
        if (!r) return 'an unreadable report';
        const directive = r['effective-directive'] ?? r['violated-directive'] ?? r.effectiveDirective;
        const blocked = r['blocked-uri'] ?? r.blockedURL ?? 'inline';
        const document = r['document-uri'] ?? r.documentURL;
        const source = r['source-file'] ?? r.sourceFile;
        const line = r['line-number'] ?? r.lineNumber;
        return `${String(directive)} blocked ${String(blocked)} in ${String(document)}${source ? ` (${String(source)}:${String(line)})` : ''}`;
      })
      .join('; ');
  } catch {
    return body.slice(0, 500);
  }
}
