import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';

/**
 * The viewer's Atlassian account id, to offer check-ins on the Objectives they own. Only a hint for
 * which buttons to show: the server decides who may check in.
 */
export function useViewerAccountId(): string | undefined {
  const [accountId, setAccountId] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    view.getContext().then(
      (context) => {
        if (current && typeof context.accountId === 'string') setAccountId(context.accountId);
      },
      (error: unknown) => console.warn('Outcomes: view.getContext failed', error),
    );
    return () => {
      current = false;
    };
  }, []);
  return accountId;
}
