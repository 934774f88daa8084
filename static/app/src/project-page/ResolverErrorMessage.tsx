import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { Box, Stack, Text } from '@atlaskit/primitives';
import type { ResolverCallError } from '../shared/api';
import { FORBIDDEN_HINT, errorTitle } from '../shared/errorCopy';

interface Props {
  error: ResolverCallError;
  /** What failed to load, for the title: "the OKRs of GYM". */
  what: string;
  onRetry: () => void;
}

/**
 * A failed load as a message a person can act on. FORBIDDEN is about access, not a glitch:
 * it explains the permission and offers only a quiet "Check again", not "Try again".
 */
export function ResolverErrorMessage({ error, what, onRetry }: Props) {
  const forbidden = error.code === 'FORBIDDEN';
  return (
    <Box testId="error-message" data-error-code={error.code}>
      <SectionMessage
        appearance={forbidden ? 'warning' : 'error'}
        title={errorTitle(error.code, what)}
        actions={
          <SectionMessageAction onClick={onRetry} testId={forbidden ? 'check-again' : 'retry'}>
            {forbidden ? 'Check again' : 'Try again'}
          </SectionMessageAction>
        }
      >
        <Stack space="space.100">
          <Text as="p">{error.message}</Text>
          {forbidden && (
            <Text as="p" color="color.text.subtle">
              {FORBIDDEN_HINT}
            </Text>
          )}
        </Stack>
      </SectionMessage>
    </Box>
  );
}
