import { Box, Inline } from '@atlaskit/primitives';
import Spinner from '@atlaskit/spinner';

export function Loading({ label, size = 'large' }: { label: string; size?: 'medium' | 'large' }) {
  return (
    <Box testId="loading" padding="space.400" role="status">
      <Inline alignInline="center">
        <Spinner size={size} label={label} />
      </Inline>
    </Box>
  );
}
