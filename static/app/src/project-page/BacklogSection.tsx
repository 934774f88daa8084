import DynamicTable from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import Button from '@atlaskit/button/new';
import { type ReactNode, useMemo, useState } from 'react';
import type { BacklogFilter, BacklogItem, ObjectiveView } from '../../../../src/contract';
import { call } from '../shared/api';
import { Loading } from '../shared/Loading';
import { keyResultIndex, keyResultsOf, type IndexedKeyResult } from './alignment/keyResultIndex';
import { KeyResultTags } from './alignment/KeyResultTags';
import { StatusCategoryLozenge } from './lozenges';
import { BulkLinkBar } from './planning/BulkLinkBar';
import { SelectBox } from './planning/SelectBox';
import { type Selection, useSelection } from './planning/useSelection';
import { ResolverErrorMessage } from './ResolverErrorMessage';
import { usePagedList } from './usePagedList';

const head = (pick: ReactNode | null): HeadType => ({
  cells: [
    ...(pick ? [{ key: 'pick', content: pick, width: 3 }] : []),
    { key: 'rank', content: 'Rank', width: 5 },
    { key: 'key', content: 'Key', width: 8 },
    { key: 'summary', content: 'Summary', width: 34 },
    { key: 'keyResults', content: 'Key Results', width: 27 },
    { key: 'type', content: 'Type', width: 8 },
    { key: 'status', content: 'Status', width: 9 },
    { key: 'points', content: 'Story points', width: 9 },
  ],
});

/** `all`, `none` (serves no Key Result), or a Key Result's id. */
type Filter = string;
const ALL = '__all';
const NONE = '__none';

interface FilterOption {
  value: Filter;
  label: string;
}

const filterWidth = xcss({ minWidth: '280px', maxWidth: '420px', flexGrow: 1 });

const backlogFilter = (filter: Filter): BacklogFilter | undefined => (filter === ALL ? undefined : filter === NONE ? 'unaligned' : { keyResultId: filter });

/**
 * The backlog in Jira's rank order, a page at a time: the first page comes with the overview, "Show
 * more" asks for the next. A Key Result filter is a search of its own on the server, page by page too.
 */
interface Props {
  backlog: BacklogItem[];
  nextCursor?: string;
  objectives: ObjectiveView[];
  /** Whether the viewer may link work (Edit issues on the project): then issues can be picked and linked at once. */
  canLink: boolean;
  onLinked: () => void;
}

export function BacklogSection({ backlog, nextCursor, objectives, canLink, onLinked }: Props) {
  const selection = useSelection();
  const [filter, setFilter] = useState<Filter>(ALL);
  const keyResults = useMemo(() => keyResultIndex(objectives), [objectives]);
  const options = useMemo(() => filterOptions(objectives), [objectives]);
  // A Key Result deleted since it was chosen leaves nothing to filter by.
  const active = filter === ALL || filter === NONE || keyResults.has(filter) ? filter : ALL;
  const firstPage = useMemo(() => ({ items: backlog, ...(nextCursor ? { nextCursor } : {}) }), [backlog, nextCursor]);
  const list = usePagedList<BacklogItem>(
    active === ALL ? firstPage : active,
    (cursor) => {
      const serverFilter = backlogFilter(active);
      return call('getBacklogPage', { ...(cursor ? { cursor } : {}), ...(serverFilter ? { filter: serverFilter } : {}) });
    },
    active === ALL ? firstPage : undefined,
  );
  const rows = list.items;
  const serving = rows.filter((item) => keyResultsOf(item.keyResultIds, keyResults).length > 0).length;
  const chosen = options.flatMap((option) => ('options' in option ? option.options : [option])).find((option) => option.value === active) ?? null;

  return (
    <Box as="section" aria-labelledby="backlog-heading">
      <Stack space="space.150">
        <Stack space="space.050">
          <Heading as="h2" size="medium" id="backlog-heading">
            Backlog
          </Heading>
          {backlog.length > 0 && active === ALL && (
            <Text color="color.text.subtle" testId="backlog-summary">
              {shownText(rows.length, list.hasMore)}, in Jira's rank order; {serving === 1 ? '1 serves' : `${serving} serve`} a Key Result.
            </Text>
          )}
        </Stack>
        {backlog.length === 0 && active === ALL ? (
          <EmptyState
            testId="empty-backlog"
            headingLevel={3}
            header="The backlog is empty"
            description="Issues in the backlog show here in their rank order. Create issues in Jira to fill it."
          />
        ) : (
          <>
            <Inline space="space.100" alignBlock="center" shouldWrap>
              <Text as="span" color="color.text.subtle">
                <label htmlFor="backlog-filter-input">Key Result</label>
              </Text>
              <Box xcss={filterWidth} testId="backlog-filter">
                <Select<FilterOption>
                  inputId="backlog-filter-input"
                  options={options}
                  value={chosen}
                  spacing="compact"
                  onChange={(option) => setFilter(option?.value ?? ALL)}
                />
              </Box>
              {active !== ALL && list.loading !== 'first' && !list.error && (
                <Text size="small" color="color.text.subtle" testId="backlog-filter-count" aria-live="polite">
                  {shownText(rows.length, list.hasMore)}
                </Text>
              )}
            </Inline>
            {list.loading === 'first' ? (
              <Loading label="Loading the backlog" size="medium" />
            ) : rows.length === 0 ? (
              // A page may hold none of the issues asked for while more remain: "Show more" goes on.
              !list.error &&
              !list.hasMore && (
                <Text as="p" color="color.text.subtle" testId="backlog-filter-empty">
                  {active === NONE
                    ? 'Every backlog issue serves a Key Result.'
                    : `No backlog issue serves “${chosen?.label ?? 'this Key Result'}” yet. Link issues to it from their Outcomes panel.`}
                </Text>
              )
            ) : (
              <>
                {canLink && selection.keys.length > 0 && (
                  <BulkLinkBar selection={selection} objectives={objectives} where="the backlog" onChanged={onLinked} testId="backlog-bulk" />
                )}
                <DynamicTable
                  testId="backlog-table"
                  label="Backlog in rank order"
                  head={head(canLink ? <PickAll keys={rows.map((item) => item.key)} selection={selection} /> : null)}
                  rows={rows.map((item) => toRow(item, keyResults, canLink ? selection : null))}
                />
              </>
            )}
            {list.error && <ResolverErrorMessage error={list.error} what="more of the backlog" onRetry={list.retry} />}
            {list.hasMore && !list.error && list.loading !== 'first' && (
              <Box>
                <Button testId="backlog-show-more" isDisabled={list.loading === 'more'} onClick={list.showMore}>
                  {list.loading === 'more' ? 'Loading…' : 'Show more'}
                </Button>
              </Box>
            )}
          </>
        )}
      </Stack>
    </Box>
  );
}

/** "50 issues shown, more to come" / "12 issues". */
function shownText(count: number, more: boolean): string {
  const issues = count === 1 ? '1 issue' : `${count} issues`;
  return more ? `First ${issues} shown (more below)` : issues;
}

type FilterOptionOrGroup = FilterOption | { label: string; options: FilterOption[] };

function filterOptions(objectives: ObjectiveView[]): FilterOptionOrGroup[] {
  return [
    { value: ALL, label: 'All issues' },
    { value: NONE, label: 'Serves no Key Result' },
    ...objectives
      .filter((objective) => objective.keyResults.length > 0)
      .map((objective) => ({
        label: objective.title,
        options: objective.keyResults.map((keyResult) => ({ value: keyResult.id, label: keyResult.title })),
      })),
  ];
}

/** The header's box: picks (or unpicks) every backlog issue shown. */
function PickAll({ keys, selection }: { keys: string[]; selection: Selection }) {
  const picked = keys.filter(selection.has).length;
  return (
    <SelectBox
      checked={picked > 0 && picked === keys.length}
      mixed={picked > 0 && picked < keys.length}
      label={`Select all ${keys.length} backlog issues shown`}
      onChange={(on) => selection.setMany(keys, on)}
      testId="backlog-select-all"
    />
  );
}

function toRow(item: BacklogItem, keyResults: Map<string, IndexedKeyResult>, selection: Selection | null): RowType {
  const served = keyResultsOf(item.keyResultIds, keyResults);
  return {
    key: item.key,
    testId: 'backlog-row',
    cells: [
      ...(selection
        ? [
            {
              key: 'pick',
              content: <SelectBox checked={selection.has(item.key)} label={`Select ${item.key}: ${item.summary}`} onChange={(on) => selection.toggle(item.key, on)} testId="backlog-select" />,
            },
          ]
        : []),
      { key: 'rank', content: <Text color="color.text.subtle">{item.rank}</Text> },
      { key: 'key', content: <Text weight="medium">{item.key}</Text> },
      { key: 'summary', content: item.summary },
      {
        key: 'keyResults',
        content:
          served.length === 0 ? (
            <Text size="small" color="color.text.subtlest">
              –
            </Text>
          ) : (
            <KeyResultTags keyResults={served} testId="backlog-key-result" label={`Key Results ${item.key} serves`} />
          ),
      },
      { key: 'type', content: item.issueType },
      { key: 'status', content: <StatusCategoryLozenge statusCategory={item.statusCategory} /> },
      {
        key: 'points',
        content:
          item.storyPoints === undefined ? (
            <Text color="color.text.subtlest">–</Text>
          ) : (
            <Text>{item.storyPoints}</Text>
          ),
      },
    ],
  };
}
