// One issue on a line: its key as a link that opens it in Jira, its summary, and whatever follows
// (a status lozenge). Used wherever the page lists issues.
import { Inline, Pressable, Text, xcss } from '@atlaskit/primitives';
import type { ReactNode } from 'react';
import { openIssue } from '../shared/findInJira';

/** A key or a short action that reads as a link in running text. */
export const inlineLinkStyle = xcss({
  color: 'color.link',
  backgroundColor: 'color.background.neutral.subtle',
  fontWeight: 'font.weight.medium',
  padding: 'space.0',
  borderRadius: 'radius.small',
  whiteSpace: 'nowrap',
  ':hover': { textDecoration: 'underline' },
});

interface Props {
  issue: { key: string; summary: string };
  /** Always open in a new tab (from inside a dialog); otherwise as the click asks (Cmd/Ctrl for a new tab). */
  newTab?: boolean;
  keyTestId?: string;
  space?: 'space.075' | 'space.100';
  alignBlock?: 'center' | 'baseline';
  children?: ReactNode;
}

export function IssueKeyLine({ issue, newTab = false, keyTestId, space = 'space.100', alignBlock = 'center', children }: Props) {
  return (
    <Inline space={space} alignBlock={alignBlock}>
      <Pressable
        xcss={inlineLinkStyle}
        aria-label={newTab ? `Open ${issue.key} in a new tab: ${issue.summary}` : `Open ${issue.key}: ${issue.summary}`}
        onClick={(event) => openIssue(issue.key, newTab || event.metaKey || event.ctrlKey)}
        {...(keyTestId ? { testId: keyTestId } : {})}
      >
        <Text size="small" color="inherit" weight="medium">
          {issue.key}
        </Text>
      </Pressable>
      <Text size="small" maxLines={1}>
        {issue.summary}
      </Text>
      {children}
    </Inline>
  );
}
