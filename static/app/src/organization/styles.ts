// Styles the organization page's sections share.
import { xcss } from '@atlaskit/primitives';

/** A bordered card on the page's surface: an organization Objective, a team, a team of teams, the topology. */
export const card = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.large',
  backgroundColor: 'elevation.surface',
  padding: 'space.200',
});

/** A list without bullets or indent. */
export const bareList = xcss({ listStyle: 'none', margin: 'space.0', padding: 'space.0' });
