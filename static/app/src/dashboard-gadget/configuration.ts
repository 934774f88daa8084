// A dashboard gadget's configuration as Jira hands it back (`extension.gadgetConfiguration`): only the
// fields this app wrote, each only when it has the shape the server accepts. Pure, for the unit tests.

/** The gadget's settings: the project whose OKRs it shows and, when chosen, a cycle (else the current one). */
export interface GadgetConfiguration {
  projectKey?: string;
  cycleId?: string;
}

const PROJECT_KEY = /^[A-Z][A-Z0-9_]*$/;
const CYCLE_ID = /^\d{4}(-Q[1-4])?$/;

/** The configuration's known fields, each only when it has the shape the server accepts. */
export function readConfiguration(raw: unknown): GadgetConfiguration {
  if (typeof raw !== 'object' || raw === null) return {};
  const { projectKey, cycleId } = raw as Record<string, unknown>;
  return {
    ...(typeof projectKey === 'string' && PROJECT_KEY.test(projectKey) ? { projectKey } : {}),
    ...(typeof cycleId === 'string' && CYCLE_ID.test(cycleId) ? { cycleId } : {}),
  };
}

