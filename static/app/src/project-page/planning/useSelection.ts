import { useCallback, useState } from 'react';

export interface Selection {
  keys: string[];
  has: (key: string) => boolean;
  toggle: (key: string, on: boolean) => void;
  /** Selects these keys (on) or takes them out of the selection (off). */
  setMany: (keys: readonly string[], on: boolean) => void;
  clear: () => void;
}

/** Issues picked for a bulk link, in the order they were picked. */
export function useSelection(): Selection {
  const [keys, setKeys] = useState<string[]>([]);
  const toggle = useCallback((key: string, on: boolean) => setKeys((current) => (on ? [...current.filter((each) => each !== key), key] : current.filter((each) => each !== key))), []);
  const setMany = useCallback(
    (many: readonly string[], on: boolean) => setKeys((current) => (on ? [...current, ...many.filter((key) => !current.includes(key))] : current.filter((key) => !many.includes(key)))),
    [],
  );
  const clear = useCallback(() => setKeys([]), []);
  return { keys, has: (key) => keys.includes(key), toggle, setMany, clear };
}
