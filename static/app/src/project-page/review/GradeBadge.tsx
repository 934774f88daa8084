import { Box, Text, xcss } from '@atlaskit/primitives';
import { gradeLabel } from './gradeText';

const badge = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border.discovery',
  borderRadius: 'radius.small',
  backgroundColor: 'color.background.discovery',
  paddingInline: 'space.075',
  whiteSpace: 'nowrap',
});

/** "Grade 0.7" on a Key Result or an Objective; "Final grade 0.7" once the cycle is closed. */
export function GradeBadge({ score, cycleClosed, testId, title }: { score: number; cycleClosed: boolean; testId: string; title?: string }) {
  return (
    <Box as="span" xcss={badge} testId={testId} data-grade={score} title={title}>
      <Text size="small" weight="semibold" color="color.text.discovery">
        {gradeLabel(score, cycleClosed)}
      </Text>
    </Box>
  );
}
