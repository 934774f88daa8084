import { Box, Text } from '@atlaskit/primitives';

/** A metric's unit inside its number field, after what is typed ("members", "%"); nothing without one. */
export function unitSuffix(unit: string | undefined) {
  return unit ? (
    <Box paddingInlineEnd="space.100">
      <Text color="color.text.subtle">{unit}</Text>
    </Box>
  ) : undefined;
}
