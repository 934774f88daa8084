import { Box, Text, xcss } from '@atlaskit/primitives';
import { lazy, Suspense } from 'react';
import type { Cycle } from '../../../../../src/contract';

// Atlaskit's Select is a large part of the page's script: it loads after the first paint, which shows the cycle's name meanwhile.
const CycleSelect = lazy(() => import('./CycleSelect').then((module) => ({ default: module.CycleSelect })));

const width = xcss({ minWidth: '200px' });
const placeholder = xcss({
  minHeight: '32px',
  display: 'flex',
  alignItems: 'center',
  paddingInline: 'space.100',
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border.input',
  borderRadius: 'radius.small',
  backgroundColor: 'color.background.input',
});

/** Which OKR cycle the page shows; the current one is chosen when the page opens. */
export function CycleSwitcher({ cycles, selected, onSelect }: { cycles: Cycle[]; selected: Cycle; onSelect: (cycleId: string) => void }) {
  return (
    <Box xcss={width} testId="cycle-switcher">
      <Suspense
        fallback={
          <Box xcss={placeholder} testId="cycle-switcher-loading">
            <Text>{selected.name}</Text>
          </Box>
        }
      >
        <CycleSelect cycles={cycles} selected={selected} onSelect={onSelect} />
      </Suspense>
    </Box>
  );
}
