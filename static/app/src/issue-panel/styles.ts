// The panel's few looks, from primitives and tokens: Atlaskit's Button would bring tooltips and motion
// into a bundle that loads on every issue.
import { xcss } from '@atlaskit/primitives';

/** A list read as rows, not bullets. */
export const bareList = xcss({ listStyle: 'none', paddingInlineStart: 'space.0', marginBlock: 'space.0' });

/** An action that reads as a link: "Find all work in Jira", "Undo". */
export const linkAction = xcss({
  color: 'color.link',
  backgroundColor: 'color.background.neutral.subtle',
  fontWeight: 'font.weight.medium',
  padding: 'space.0',
  borderRadius: 'radius.small',
  textAlign: 'start',
  ':hover': { textDecoration: 'underline' },
});

/** A compact secondary button: "Link to a Key Result", "Cancel". */
export const button = xcss({
  color: 'color.text',
  backgroundColor: 'color.background.neutral',
  fontWeight: 'font.weight.medium',
  paddingBlock: 'space.050',
  paddingInline: 'space.150',
  borderRadius: 'radius.small',
  ':hover': { backgroundColor: 'color.background.neutral.hovered' },
  ':active': { backgroundColor: 'color.background.neutral.pressed' },
});

/** A quiet per-row action: "Unlink". */
export const subtleButton = xcss({
  color: 'color.text.subtle',
  backgroundColor: 'color.background.neutral.subtle',
  fontWeight: 'font.weight.medium',
  paddingBlock: 'space.025',
  paddingInline: 'space.075',
  borderRadius: 'radius.small',
  ':hover': { backgroundColor: 'color.background.neutral.subtle.hovered', color: 'color.text' },
  ':active': { backgroundColor: 'color.background.neutral.subtle.pressed' },
});

export const rounded = xcss({ borderRadius: 'radius.medium' });
