// A lozenge from primitives and tokens: Atlaskit's Lozenge would pull feature flags and motion into
// the issue panel, which loads on every issue.
import { Box, Text, xcss } from '@atlaskit/primitives';
import type { OkrLozengeAppearance } from '../shared/format';

const COLOURS = {
  default: { background: 'color.background.neutral', text: 'color.text.subtle' },
  inprogress: { background: 'color.background.information', text: 'color.text.information' },
  moved: { background: 'color.background.warning', text: 'color.text.warning' },
  new: { background: 'color.background.discovery', text: 'color.text.discovery' },
  removed: { background: 'color.background.danger', text: 'color.text.danger' },
  success: { background: 'color.background.success', text: 'color.text.success' },
} as const satisfies Record<OkrLozengeAppearance, { background: string; text: string }>;

const shape = xcss({
  display: 'inline-flex',
  borderRadius: 'radius.small',
  paddingInline: 'space.050',
  textTransform: 'uppercase',
  whiteSpace: 'nowrap',
});

export function TokenLozenge(props: { appearance: OkrLozengeAppearance; label: string; testId: string; status?: string }) {
  const colours = COLOURS[props.appearance];
  return (
    <Box as="span" backgroundColor={colours.background} xcss={shape} testId={props.testId} {...(props.status ? { 'data-status': props.status } : {})}>
      <Text size="small" weight="bold" color={colours.text}>
        {props.label}
      </Text>
    </Box>
  );
}
