// A section-message look-alike from primitives: @atlaskit/section-message brings buttons, tooltips
// and popper, too heavy for a panel that loads on every issue.
import Heading from '@atlaskit/heading';
import { Box, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import type { ResolverCallError } from '../shared/api';
import { FORBIDDEN_HINT, errorTitle } from '../shared/errorCopy';

const messageStyles = xcss({ borderRadius: 'radius.medium' });

const actionStyles = xcss({
  color: 'color.link',
  backgroundColor: 'color.background.neutral.subtle',
  fontWeight: 'font.weight.medium',
  padding: 'space.0',
  ':hover': { textDecoration: 'underline' },
});

interface Props {
  error: ResolverCallError;
  what: string;
  onRetry: () => void;
}

/** FORBIDDEN explains the permission and offers only a quiet "Check again"; other errors offer "Try again". */
export function PanelErrorMessage({ error, what, onRetry }: Props) {
  const forbidden = error.code === 'FORBIDDEN';
  return (
    <Box
      testId="error-message"
      data-error-code={error.code}
      role={forbidden ? 'status' : 'alert'}
      padding="space.200"
      backgroundColor={forbidden ? 'color.background.warning' : 'color.background.danger'}
      xcss={messageStyles}
    >
      <Stack space="space.100">
        <Heading as="h2" size="xsmall">
          {errorTitle(error.code, what)}
        </Heading>
        <Text as="p">{error.message}</Text>
        {forbidden && (
          <Text as="p" color="color.text.subtle">
            {FORBIDDEN_HINT}
          </Text>
        )}
        <Box>
          <Pressable onClick={onRetry} xcss={actionStyles} testId={forbidden ? 'check-again' : 'retry'}>
            {forbidden ? 'Check again' : 'Try again'}
          </Pressable>
        </Box>
      </Stack>
    </Box>
  );
}
