// The seams between the local Forge runtime and the platform services it emulates.
// The app's code and the real @forge SDKs run unchanged; only these backends stand in for Atlassian.

/** What an emulated service answers; the runtime turns it into a fetch `Response`. */
export interface EmulatedResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON-serialisable value, or a string sent as it is (for malformed-body faults). */
  body?: unknown;
}

/** Forge KVS: the POST endpoints `@forge/kvs` calls (`/api/v1/get`, `/api/v1/entity/query`, …). */
export interface KvsBackend {
  handle(path: string, body: unknown): Promise<EmulatedResponse>;
}

export interface JiraRequest {
  method: string;
  /** Path with query string, as the app passed it to `requestJira`, e.g. `/rest/api/3/search/jql?jql=…`. */
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body, when there is one. */
  body?: unknown;
  /** The Atlassian account the call runs as (`asUser()`), or null for `asApp()`. */
  accountId: string | null;
}

/** What installing the app declares on the site: its project and global permissions, by their full keys, and its fields. */
export interface AppInstall {
  projectPermissions: Array<{ key: string; name: string; description: string }>;
  globalPermissions?: Array<{ key: string; name: string; description: string }>;
  /** Its `jira:customField` modules: the field's key and type (the module's full key) as Jira forms them. */
  customFields?: Array<{ key: string; type: string; name: string; description: string; dataType: string; collection?: string; readOnly?: boolean }>;
}

/** Jira Cloud: the emulator with demo data, or a proxy to a real site. */
export interface JiraBackend {
  handle(request: JiraRequest): Promise<EmulatedResponse>;
  /** The app is installed on the site: its project permissions become known (the emulator only; a real site learned them on install). */
  installApp?(app: AppInstall): void;
}
