// Linking the picked issues to one Key Result at once: choose the Key Result, link, and undo from the
// flag. Issues the server could not link are listed with its reason; the rest stay linked.
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useMemo, useState } from 'react';
import type { BulkLinkData, ObjectiveView } from '../../../../../src/contract';
import { call, toResolverCallError, type ResolverCallError } from '../../shared/api';
import { flag } from '../../shared/flag';
import { ResolverErrorMessage } from '../ResolverErrorMessage';
import { changedIssueKeys, type KeyResultOption, linkableKeyResults, linkedTitle, refusals, selectionProblem, unlinkedTitle } from './bulkText';
import type { Selection } from './useSelection';

const bar = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border.selected',
  borderRadius: 'radius.medium',
  backgroundColor: 'color.background.selected',
  padding: 'space.100',
});
const pickerWidth = xcss({ minWidth: '260px', maxWidth: '420px', flexGrow: 1 });

interface Props {
  selection: Selection;
  objectives: ObjectiveView[];
  /** Where the issues were picked, for the labels: "the backlog", "GYM Sprint 9". */
  where: string;
  /** Links changed: the page reads its figures again. */
  onChanged: () => void;
  testId: string;
}

export function BulkLinkBar({ selection, objectives, where, onChanged, testId }: Props) {
  const groups = useMemo(() => linkableKeyResults(objectives), [objectives]);
  const [chosen, setChosen] = useState<KeyResultOption | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ResolverCallError | null>(null);
  const [refused, setRefused] = useState<Array<{ issueKey: string; message: string }>>([]);
  const count = selection.keys.length;
  const tooMany = selectionProblem(count);
  const inputId = `${testId}-key-result-input`;

  const link = async () => {
    if (!chosen || pending || tooMany) return;
    setPending(true);
    setError(null);
    try {
      const answer = await call('linkIssues', { keyResultId: chosen.value, issueKeys: selection.keys });
      const linked = changedIssueKeys(answer);
      setRefused(refusals(answer));
      selection.setMany(answer.results.filter((result) => result.outcome !== 'refused').map((result) => result.issueKey), false);
      const warning = answer.warnings.map((each) => each.message).join(' ');
      flag(linkedTitle(answer, chosen.label), warning || undefined, linked.length > 0 ? [{ text: 'Undo', onClick: () => void undo(answer, chosen.label, linked) }] : []);
      onChanged();
    } catch (caught) {
      setError(toResolverCallError(caught));
    } finally {
      setPending(false);
    }
  };

  const undo = async (linkedAnswer: BulkLinkData, title: string, issueKeys: string[]) => {
    try {
      const answer = await call('unlinkIssues', { keyResultId: linkedAnswer.keyResultId, issueKeys });
      const notUndone = refusals(answer);
      flag(unlinkedTitle(answer, title), notUndone.length > 0 ? notUndone.map((each) => `${each.issueKey}: ${each.message}`).join(' ') : undefined);
    } catch (caught) {
      flag('The link could not be undone', toResolverCallError(caught).message);
    }
    onChanged();
  };

  return (
    <Box xcss={bar} testId={testId} data-selected={count}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text weight="semibold" testId={`${testId}-count`}>
            {count === 1 ? '1 issue selected' : `${count} issues selected`}
          </Text>
          <Text as="span" color="color.text.subtle">
            <label htmlFor={inputId}>Link to</label>
          </Text>
          <Box xcss={pickerWidth} testId={`${testId}-key-result`}>
            <Select<KeyResultOption>
              inputId={inputId}
              options={groups}
              value={chosen}
              spacing="compact"
              placeholder={groups.length === 0 ? 'No Key Result of an agreed Objective' : 'Choose a Key Result'}
              isDisabled={groups.length === 0}
              menuPlacement="auto"
              onChange={(option) => setChosen(option ?? null)}
            />
          </Box>
          <Button
            appearance="primary"
            spacing="compact"
            testId={`${testId}-link`}
            isDisabled={!chosen || Boolean(tooMany)}
            isLoading={pending}
            aria-label={`Link the ${count === 1 ? 'issue' : `${count} issues`} selected in ${where} to ${chosen ? `“${chosen.label}”` : 'the chosen Key Result'}`}
            onClick={() => void link()}
          >
            Link
          </Button>
          <Button appearance="subtle" spacing="compact" testId={`${testId}-clear`} onClick={selection.clear}>
            Clear selection
          </Button>
        </Inline>
        {tooMany && (
          <Text color="color.text.warning" testId={`${testId}-too-many`}>
            {tooMany}
          </Text>
        )}
        {error && <ResolverErrorMessage error={error} what={`the links of the issues selected in ${where}`} onRetry={() => void link()} />}
        {refused.length > 0 && (
          <Box testId={`${testId}-refused`}>
            <SectionMessage appearance="warning" title={refused.length === 1 ? '1 issue was not linked' : `${refused.length} issues were not linked`}>
              <Stack as="ul" space="space.050">
                {refused.map((each) => (
                  <Box as="li" key={each.issueKey}>
                    <Text>
                      <Text weight="semibold">{each.issueKey}</Text>: {each.message}
                    </Text>
                  </Box>
                ))}
              </Stack>
            </SectionMessage>
          </Box>
        )}
      </Stack>
    </Box>
  );
}
