// The dashboard gadget: a project's OKRs for stakeholders (progress, status, forecast, grade), and its
// edit mode, where whoever edits the dashboard chooses the project and the cycle. The edit mode (with
// Atlaskit's Select) loads only when Jira opens it, so the dashboard's view stays light.
import { Box } from '@atlaskit/primitives';
import { lazy, Suspense } from 'react';
import { Loading } from '../shared/Loading';
import { GadgetOkrs } from './GadgetOkrs';
import { useGadgetContext } from './gadgetContext';

const GadgetEdit = lazy(() => import('./GadgetEdit').then((module) => ({ default: module.GadgetEdit })));

export function Gadget() {
  const context = useGadgetContext();
  return (
    <Box as="main" padding="space.100">
      {!context && <Loading size="medium" label="Loading the gadget" />}
      {context?.edit && (
        <Suspense fallback={<Loading size="medium" label="Loading the gadget’s settings" />}>
          <GadgetEdit initial={context.configuration} />
        </Suspense>
      )}
      {context && !context.edit && <GadgetOkrs configuration={context.configuration} />}
    </Box>
  );
}
