// A lozenge from primitives and tokens: Atlaskit's Lozenge would pull feature flags and motion into
// the issue panel, which loads on every issue.
import { Box, Text, xcss } from '@atlaskit/primitives';
import type { StatusCategory } from '../../../../src/contract';
import { STATUS_CATEGORY_LOOK, type LozengeAppearance } from '../shared/statusAppearance';

const COLOURS = {
  default: { background: 'color.background.neutral', text: 'color.text.subtle' },
  inprogress: { background: 'color.background.information', text: 'color.text.information' },
  success: { background: 'color.background.success', text: 'color.text.success' },
} as const satisfies Record<LozengeAppearance, { background: string; text: string }>;

const shape = xcss({
  display: 'inline-flex',
  borderRadius: 'radius.small',
  paddingInline: 'space.050',
  textTransform: 'uppercase',
  whiteSpace: 'nowrap',
});

export function StatusLozenge({ statusCategory }: { statusCategory: StatusCategory }) {
  const { label, appearance } = STATUS_CATEGORY_LOOK[statusCategory];
  const colours = COLOURS[appearance];
  return (
    <Box as="span" backgroundColor={colours.background} xcss={shape} testId="status-lozenge">
      <Text size="small" weight="bold" color={colours.text}>
        {label}
      </Text>
    </Box>
  );
}
