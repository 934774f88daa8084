import { xcss } from '@atlaskit/primitives';

/** A list read as rows, not bullets: the markup keeps its meaning for screen readers. */
export const bareList = xcss({ listStyle: 'none', paddingInlineStart: 'space.0', marginBlock: 'space.0' });
