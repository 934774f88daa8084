// The Key Results a Sprint Goal or a backlog item serves, as tags. Atlaskit's Tag cannot show that a
// tag is only a suggestion, so these are drawn from design tokens: solid when a Product Owner tied
// them, a dashed outline while they are suggested from linked issues.
import { Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { IndexedKeyResult } from './keyResultIndex';

interface Props {
  keyResults: IndexedKeyResult[];
  suggested?: boolean;
  /** The test id of each tag. */
  testId: string;
  /** What the list is, for screen readers: "Key Results the Sprint Goal of GYM Sprint 8 serves". */
  label: string;
}

const list = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: token('space.050'),
  listStyle: 'none',
  margin: 0,
  padding: 0,
  minWidth: 0,
} as const;

export function KeyResultTags({ keyResults, suggested = false, testId, label }: Props) {
  if (keyResults.length === 0) return null;
  return (
    <ul style={list} aria-label={label}>
      {keyResults.map(({ keyResult, objective }) => (
        <li
          key={keyResult.id}
          data-testid={testId}
          data-key-result-id={keyResult.id}
          data-key-result-title={keyResult.title}
          data-suggested={suggested ? 'true' : 'false'}
          title={`${keyResult.title} (${objective.title})${suggested ? ', suggested from linked issues' : ''}`}
          style={{
            display: 'inline-flex',
            alignItems: 'center',
            // Atlaskit's CSS reset spaces list items apart vertically; the gap spaces these.
            marginBlock: 0,
            maxWidth: '100%',
            minWidth: 0,
            paddingInline: token('space.075'),
            paddingBlock: token('space.025'),
            borderRadius: token('radius.small', '3px'),
            border: `${token('border.width', '1px')} ${suggested ? 'dashed' : 'solid'} ${token(suggested ? 'color.border.bold' : 'color.border')}`,
            background: token(suggested ? 'elevation.surface' : 'color.background.neutral'),
          }}
        >
          <Text size="small" color={suggested ? 'color.text.subtle' : 'color.text'} maxLines={1}>
            {keyResult.title}
          </Text>
        </li>
      ))}
    </ul>
  );
}
