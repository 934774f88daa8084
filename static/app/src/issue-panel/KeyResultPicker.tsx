// The picker: "Link to a Key Result" opens a search over the cycle's Key Results, grouped under their
// Objectives; one click on a result links the issue. Built from primitives: @atlaskit/select would
// more than double the panel's bundle. By keyboard: ↓ from the search goes to the first result, ↑/↓
// move between results (Home/End to the ends, ↑ from the first back to the search), Enter links the
// focused one (or, from the search, the only one found), Esc closes; Tab reaches the results before
// Cancel.
import { Box, Inline, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import Spinner from '@atlaskit/spinner';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { IssueLink, KeyResultView, Objective } from '../../../../src/contract';
import { formatShare } from '../shared/format';
import { KeyResultStatusLabel } from './KeyResultStatusLabel';
import { bareList, button, linkAction, rounded, subtleButton } from './styles';
import type { LinkAction } from './useLinkActions';
import { useKeyResultSearch, type SearchResult } from './useKeyResultSearch';
import { focusOnMount } from '../shared/focusOnMount';

interface Props {
  open: boolean;
  onOpen: () => void;
  /** Closes without linking; a stale failure goes with it. */
  onCancel: () => void;
  cycleName: string;
  links: IssueLink[];
  pending: LinkAction | null;
  /** A failed link from this picker, shown inside it. */
  problem: ReactNode;
  onPick: (result: SearchResult) => void;
}

const frame = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
});

const input = xcss({
  flexGrow: 1,
  minWidth: '0',
  font: 'font.body',
  color: 'color.text',
  backgroundColor: 'color.background.input',
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border.input',
  borderRadius: 'radius.small',
  paddingBlock: 'space.075',
  paddingInline: 'space.100',
  ':hover': { backgroundColor: 'color.background.input.hovered' },
  ':focus': { borderColor: 'color.border.focused', backgroundColor: 'color.background.input.pressed' },
});

// The panel sizes to its content: a long cycle scrolls inside the picker instead of stretching the issue.
const scroller = xcss({ maxHeight: '360px', overflowY: 'auto' });

const resultRow = xcss({
  width: '100%',
  textAlign: 'start',
  color: 'color.text',
  backgroundColor: 'color.background.neutral.subtle',
  borderRadius: 'radius.small',
  paddingBlock: 'space.075',
  paddingInline: 'space.100',
  ':hover': { backgroundColor: 'color.background.neutral.subtle.hovered' },
  ':active': { backgroundColor: 'color.background.neutral.subtle.pressed' },
});

const resultRowLinked = xcss({
  backgroundColor: 'color.background.neutral.subtle',
  ':hover': { backgroundColor: 'color.background.neutral.subtle' },
});

export function KeyResultPicker({ open, onOpen, onCancel, cycleName, links, pending, problem, onPick }: Props) {
  const openButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);

  // Closing (by a link or by Cancel) puts focus back where the person started.
  useEffect(() => {
    if (wasOpen.current && !open) openButton.current?.focus();
    wasOpen.current = open;
  }, [open]);

  if (!open) {
    return (
      <Box>
        <Pressable ref={openButton} testId="link-picker-open" xcss={button} onClick={onOpen}>
          Link to a Key Result
        </Pressable>
      </Box>
    );
  }
  return <SearchBox cycleName={cycleName} links={links} pending={pending} problem={problem} onPick={onPick} onClose={onCancel} />;
}

interface SearchBoxProps {
  cycleName: string;
  links: IssueLink[];
  pending: LinkAction | null;
  problem: ReactNode;
  onPick: (result: SearchResult) => void;
  onClose: () => void;
}

function SearchBox({ cycleName, links, pending, problem, onPick, onClose }: SearchBoxProps) {
  const [query, setQuery] = useState('');
  const search = useKeyResultSearch(query);
  const linked = new Map(links.map((link) => [link.keyResultId, link]));
  const refreshing = search.status === 'loading' && search.answered !== null;
  const box = useRef<HTMLElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (box.current && moveThroughResults(event, box.current)) event.preventDefault();
    else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    // The keys of a listbox, on the whole picker: the search and the results are its parts.
    <Box ref={box} testId="link-picker" padding="space.100" xcss={[frame, rounded]} onKeyDown={onKeyDown}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center">
          <Box
            as="input"
            type="search"
            ref={focusOnMount}
            value={query}
            maxLength={200}
            placeholder={`Search the Key Results of ${cycleName}`}
            aria-label="Search Key Results"
            aria-controls="key-result-results"
            autoComplete="off"
            spellCheck={false}
            testId="link-search"
            xcss={input}
            onChange={(event) => setQuery(event.currentTarget.value)}
          />
          <Box aria-hidden={!refreshing} style={{ visibility: refreshing ? 'visible' : 'hidden' }}>
            <Spinner size="small" label="Searching" />
          </Box>
        </Inline>
        {problem}
        <SearchResults cycleName={cycleName} search={search} linked={linked} pending={pending} onPick={onPick} />
        <Inline alignInline="end">
          <Pressable xcss={subtleButton} onClick={onClose} testId="link-picker-close">
            Cancel
          </Pressable>
        </Inline>
      </Stack>
    </Box>
  );
}

interface ResultsProps {
  cycleName: string;
  search: ReturnType<typeof useKeyResultSearch>;
  linked: Map<string, IssueLink>;
  pending: LinkAction | null;
  onPick: (result: SearchResult) => void;
}

function SearchResults({ cycleName, search, linked, pending, onPick }: ResultsProps) {
  if (search.status === 'error' && search.error) {
    return (
      <Box testId="link-search-error" data-error-code={search.error.code} role="alert" padding="space.100" backgroundColor="color.background.danger" xcss={rounded}>
        <Stack space="space.050">
          <Text as="p">{search.error.message}</Text>
          <Box>
            <Pressable xcss={linkAction} onClick={search.retry} testId="link-search-retry">
              Search again
            </Pressable>
          </Box>
        </Stack>
      </Box>
    );
  }
  if (search.answered === null) {
    return (
      <Inline space="space.100" alignBlock="center" testId="link-search-loading">
        <Spinner size="small" label={`Loading the Key Results of ${cycleName}`} />
        <Text color="color.text.subtle">Loading the Key Results of {cycleName}…</Text>
      </Inline>
    );
  }
  if (search.results.length === 0) {
    return (
      <Box testId="link-search-empty" role="status" paddingBlock="space.050">
        <Text as="p" color="color.text.subtle">
          {search.answered
            ? `No Key Result of ${cycleName} matches “${search.answered}”. Try fewer or other words.`
            : `The team has no Key Results for ${cycleName} yet. A Product Owner adds them on the project page, under OKRs.`}
        </Text>
      </Box>
    );
  }
  return (
    <Stack as="ul" space="space.150" xcss={[bareList, scroller]} id="key-result-results" aria-label={`Key Results of ${cycleName}`} aria-busy={search.status === 'loading'}>
      {groupByObjective(search.results).map(({ objective, keyResults }) => (
        <Box as="li" key={objective.id} testId="link-result-group" data-objective-title={objective.title}>
          <Stack space="space.050">
            <Text size="small" weight="bold" color="color.text.subtle" id={`objective-${objective.id}`}>
              {objective.title}
              {objective.status === 'draft' ? ' (draft)' : ''}
            </Text>
            <Stack as="ul" space="space.025" xcss={bareList} aria-labelledby={`objective-${objective.id}`}>
              {keyResults.map((keyResult) => (
                <Box as="li" key={keyResult.id}>
                  <ResultButton
                    keyResult={keyResult}
                    link={linked.get(keyResult.id)}
                    pending={pending}
                    onPick={() => onPick({ keyResult, objective })}
                  />
                </Box>
              ))}
            </Stack>
          </Stack>
        </Box>
      ))}
    </Stack>
  );
}

interface ResultButtonProps {
  keyResult: KeyResultView;
  link: IssueLink | undefined;
  pending: LinkAction | null;
  onPick: () => void;
}

function ResultButton({ keyResult, link, pending, onPick }: ResultButtonProps) {
  const linking = pending?.kind === 'link' && pending.keyResultId === keyResult.id;
  const hint = link ? (link.via === 'parent' && link.fromIssueKey ? `Linked through ${link.fromIssueKey}` : 'Linked') : linking ? 'Linking…' : 'Link';
  return (
    <Pressable
      testId="link-result"
      data-key-result-title={keyResult.title}
      data-key-result-id={keyResult.id}
      data-linked={link ? link.via : undefined}
      isDisabled={Boolean(link) || pending !== null}
      aria-busy={linking}
      xcss={link ? [resultRow, resultRowLinked] : resultRow}
      onClick={onPick}
    >
      <Inline as="span" space="space.100" alignBlock="center" spread="space-between">
        <Stack as="span" space="space.025">
          <Text color={link ? 'color.text.subtle' : 'color.text'}>{keyResult.title}</Text>
          <Inline as="span" space="space.075" alignBlock="center">
            <KeyResultStatusLabel status={keyResult.status} />
            <Text size="small" color="color.text.subtle">
              {keyResult.status === 'not-measurable' ? '—' : formatShare(keyResult.progress)}
            </Text>
          </Inline>
        </Stack>
        <Inline as="span" space="space.050" alignBlock="center">
          {linking && <Spinner size="small" label="Linking" />}
          <Text size="small" weight="medium" color={link ? 'color.text.subtle' : 'color.link'}>
            {hint}
          </Text>
        </Inline>
      </Inline>
    </Pressable>
  );
}

/** Results in the server's order, each under its Objective, Objectives in order of first appearance. */
function groupByObjective(results: SearchResult[]): Array<{ objective: Objective; keyResults: KeyResultView[] }> {
  const groups = new Map<string, { objective: Objective; keyResults: KeyResultView[] }>();
  for (const { keyResult, objective } of results) {
    const group = groups.get(objective.id) ?? { objective, keyResults: [] };
    group.keyResults.push(keyResult);
    groups.set(objective.id, group);
  }
  return [...groups.values()];
}

const RESULT = '[data-testid="link-result"]:not([disabled])';

/**
 * Moves focus for the arrow keys, Home and End (and Enter in the search) within the picker; answers
 * whether the key was used. Results that cannot be linked (already linked, or a link under way) are
 * skipped, as they are disabled buttons that Tab skips too.
 */
function moveThroughResults(event: KeyboardEvent<HTMLElement>, picker: HTMLElement): boolean {
  const results = [...picker.querySelectorAll<HTMLElement>(RESULT)];
  const search = picker.querySelector<HTMLElement>('input[type="search"]');
  const active = picker.ownerDocument.activeElement;
  const at = results.findIndex((result) => result === active);
  const inSearch = active === search;
  if (at < 0 && !inSearch) return false;
  const focus = (element: HTMLElement | null | undefined) => {
    element?.focus();
    return element !== null && element !== undefined;
  };
  switch (event.key) {
    case 'ArrowDown':
      return focus(inSearch ? results[0] : results[Math.min(at + 1, results.length - 1)]);
    case 'ArrowUp':
      return focus(inSearch ? results.at(-1) : at === 0 ? search : results[at - 1]);
    case 'Home':
      return !inSearch && focus(results[0]);
    case 'End':
      return !inSearch && focus(results.at(-1));
    case 'Enter':
      // From the search: the one result found is linked at once; with more, Enter goes to the first.
      if (!inSearch || results.length === 0) return false;
      if (results.length === 1) results[0]?.click();
      else results[0]?.focus();
      return true;
    default:
      return false;
  }
}
