import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { bareList } from './styles';

export interface Finding {
  rule: string;
  message: string;
}

/** Quality-rule findings as quiet warnings: a hint to improve the OKR, never a blocker. */
export function LintFindings({ findings, testId = 'lint-findings' }: { findings: readonly Finding[]; testId?: string }) {
  if (findings.length === 0) return null;
  return (
    <Stack as="ul" xcss={bareList} space="space.050" testId={testId} aria-label="Quality hints">
      {findings.map((finding, index) => (
        <Box as="li" key={`${finding.rule}-${index}`} testId="lint-finding" data-rule={finding.rule}>
          <Inline space="space.075" alignBlock="start">
            <span aria-hidden style={{ color: token('color.icon.warning'), fontSize: '0.75em' }}>
              ▲
            </span>
            <Text size="small" color="color.text.warning">
              {finding.message}
            </Text>
          </Inline>
        </Box>
      ))}
    </Stack>
  );
}
