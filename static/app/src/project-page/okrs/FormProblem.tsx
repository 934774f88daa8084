import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { Box, Text } from '@atlaskit/primitives';
import type { ResolverCallError } from '../../shared/api';
import { FORBIDDEN_HINT } from '../../shared/errorCopy';

export type FormProblemState =
  | { kind: 'conflict'; message: string }
  | { kind: 'general'; error: ResolverCallError }
  | null;

const GENERAL_TITLES: Record<string, string> = {
  FORBIDDEN: "You can't change this",
  NOT_FOUND: 'It is gone',
  VALIDATION: 'Check what you entered',
  JIRA: 'Jira did not answer',
  UNAVAILABLE: 'Storage is briefly unavailable',
  UNREACHABLE: 'Outcomes is not reachable',
};

/**
 * A save that failed for a reason no single field explains. A conflict offers to reload: the other
 * person's change is kept, and this one is made again on top of it.
 */
export function FormProblem({ problem, what, onReload }: { problem: FormProblemState; what: string; onReload: () => void }) {
  if (!problem) return null;
  if (problem.kind === 'conflict') {
    return (
      <Box testId="save-conflict">
        <SectionMessage
          appearance="warning"
          title={`Someone else changed this ${what}`}
          actions={
            <SectionMessageAction onClick={onReload} testId="reload-after-conflict">
              Reload the OKRs
            </SectionMessageAction>
          }
        >
          <Text as="p">
            It changed since you opened it, so your change was not saved. Reload to see theirs, then make yours again.
          </Text>
        </SectionMessage>
      </Box>
    );
  }
  const { error } = problem;
  const notFound = error.code === 'NOT_FOUND';
  return (
    <Box testId="save-error" data-error-code={error.code}>
      <SectionMessage
        appearance={error.code === 'FORBIDDEN' || error.code === 'VALIDATION' ? 'warning' : 'error'}
        title={GENERAL_TITLES[error.code] ?? `Couldn't save the ${what}`}
        actions={
          notFound ? (
            <SectionMessageAction onClick={onReload} testId="reload-after-error">
              Reload the OKRs
            </SectionMessageAction>
          ) : undefined
        }
      >
        <Text as="p">{error.message}</Text>
        {error.code === 'FORBIDDEN' && (
          <Text as="p" color="color.text.subtle">
            {FORBIDDEN_HINT}
          </Text>
        )}
      </SectionMessage>
    </Box>
  );
}
