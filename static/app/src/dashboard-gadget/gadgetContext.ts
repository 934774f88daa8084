// What the dashboard gadget reads from Forge's context: whether Jira opened it in its edit mode
// (`extension.entryPoint === 'edit'`) and the configuration Jira keeps for it
// (`extension.gadgetConfiguration`, what the edit mode gave `view.submit`). Atlassian's reference does
// not spell out the context's shape for Custom UI gadgets: a configuration that is missing or not of
// the expected shape reads as "not configured yet", which asks the viewer to configure the gadget.
import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';
import { readConfiguration, type GadgetConfiguration } from './configuration';

export type { GadgetConfiguration } from './configuration';

export interface GadgetContext {
  edit: boolean;
  configuration: GadgetConfiguration;
}

/** The gadget's context once the host answered; undefined until then. */
export function useGadgetContext(): GadgetContext | undefined {
  const [context, setContext] = useState<GadgetContext>();
  useEffect(() => {
    let current = true;
    view.getContext().then(
      (full) => {
        const extension: Record<string, unknown> = full.extension ?? {};
        if (current) setContext({ edit: extension.entryPoint === 'edit', configuration: readConfiguration(extension.gadgetConfiguration) });
      },
      (error: unknown) => {
        console.warn('Outcomes: view.getContext failed', error);
        if (current) setContext({ edit: false, configuration: {} });
      },
    );
    return () => {
      current = false;
    };
  }, []);
  return context;
}
