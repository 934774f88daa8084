import { view, type FullContext } from '@forge/bridge';
import { useEffect, useState } from 'react';

/** The keys this app reads from the invocation context; absent until the host answers. */
export interface ExtensionKeys {
  projectKey?: string;
  issueKey?: string;
}

function readKeys(context: FullContext): ExtensionKeys {
  const extension: Record<string, unknown> = context.extension ?? {};
  const project = extension.project as { key?: unknown } | undefined;
  const issue = extension.issue as { key?: unknown } | undefined;
  return {
    projectKey: typeof project?.key === 'string' ? project.key : undefined,
    issueKey: typeof issue?.key === 'string' ? issue.key : undefined,
  };
}

/** The project and issue keys of the page the app is shown on, for headers shown before data arrives. */
export function useExtensionKeys(): ExtensionKeys {
  const [keys, setKeys] = useState<ExtensionKeys>({});
  useEffect(() => {
    let current = true;
    view.getContext().then(
      (context) => {
        if (current) setKeys(readKeys(context));
      },
      // The keys only decorate headers; the resolvers read the real context on the server.
      (error: unknown) => console.warn('Outcomes: view.getContext failed', error),
    );
    return () => {
      current = false;
    };
  }, []);
  return keys;
}
