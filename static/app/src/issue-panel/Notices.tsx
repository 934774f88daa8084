// Inline messages of the panel: a failed link or unlink, and the quiet notice for warnings.
import { Box, Inline, Pressable, Stack, Text } from '@atlaskit/primitives';
import type { Warning } from '../../../../src/contract';
import type { ResolverCallError } from '../shared/api';
import { linkAction, rounded } from './styles';

interface ProblemProps {
  /** "Couldn't link GYM-7", as the first words of the message. */
  title: string;
  error: ResolverCallError;
  /** The label and handler of the one useful next step, if there is one ("Try again", "Check again"). */
  next?: { label: string; onClick: () => void };
  onDismiss: () => void;
  testId?: string;
}

/** The server's sentence, which says what to do, under a short title; never a bare code. */
export function ActionProblem({ title, error, next, onDismiss, testId = 'link-error' }: ProblemProps) {
  return (
    <Box testId={testId} data-error-code={error.code} role="alert" padding="space.100" backgroundColor="color.background.danger" xcss={rounded}>
      <Stack space="space.050">
        <Text weight="semibold">{title}</Text>
        <Text as="p">{error.message}</Text>
        <Inline space="space.150">
          {next && (
            <Pressable onClick={next.onClick} xcss={linkAction} testId="link-error-next">
              {next.label}
            </Pressable>
          )}
          <Pressable onClick={onDismiss} xcss={linkAction} testId="link-error-dismiss">
            Dismiss
          </Pressable>
        </Inline>
      </Stack>
    </Box>
  );
}

/** Something that did not fully work but lost nothing: said once, quietly. */
export function Warnings({ warnings }: { warnings: Warning[] }) {
  if (warnings.length === 0) return null;
  return (
    <Box testId="panel-warnings" role="status" padding="space.100" backgroundColor="color.background.neutral" xcss={rounded}>
      <Stack space="space.050">
        {warnings.map((warning) => (
          <Text key={warning.code} size="small" color="color.text.subtle" testId="panel-warning" data-warning-code={warning.code}>
            {warning.message}
          </Text>
        ))}
      </Stack>
    </Box>
  );
}
