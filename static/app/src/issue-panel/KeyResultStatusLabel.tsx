// A Key Result's status as a small token-coloured label, the panel's stand-in for Atlaskit's Lozenge.
import { Box, Text, xcss } from '@atlaskit/primitives';
import type { KeyResultStatus } from '../../../../src/contract';
import { KEY_RESULT_STATUS_LOOK, type OkrLozengeAppearance } from '../shared/format';

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

export function KeyResultStatusLabel({ status }: { status: KeyResultStatus }) {
  const look = KEY_RESULT_STATUS_LOOK[status];
  const colours = COLOURS[look.appearance];
  return (
    <Box as="span" backgroundColor={colours.background} xcss={shape} testId="key-result-status" data-status={status}>
      <Text size="small" weight="bold" color={colours.text}>
        {look.label}
      </Text>
    </Box>
  );
}
