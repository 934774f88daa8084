import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useState } from 'react';
import type { HistoryChange } from '../../../../../src/contract';
import { call, type OkrScope, toResolverCallError, type ResolverCallError } from '../../shared/api';
import { Loading } from '../../shared/Loading';
import { useResolver } from '../../shared/useResolver';
import { ResolverErrorMessage } from '../ResolverErrorMessage';
import { changeDetails, changeHeading, changeLine } from './historyText';
import { bareList } from './styles';

export type HistoryTarget = { kind: 'objective'; id: string; title: string } | { kind: 'keyResult'; id: string; title: string };

interface Props {
  target: HistoryTarget;
  /** Names the page already knows; the history's own answer adds any it lacks. */
  people: Record<string, string>;
  /** Whose OKR: a project's (the default) or the organization's. */
  scope?: OkrScope;
  onClose: () => void;
}

const entry = xcss({
  borderBlockEndWidth: 'border.width',
  borderBlockEndStyle: 'solid',
  borderBlockEndColor: 'color.border',
  paddingBlockEnd: 'space.150',
});

/**
 * The recorded changes of one Objective or Key Result, newest first, a page at a time ("Show more"
 * adds the older ones below those shown): what, who, when, why, before → after.
 */
export function HistoryModal({ target, people, scope = 'project', onClose }: Props) {
  const subject = target.kind === 'objective' ? { objectiveId: target.id } : { keyResultId: target.id };
  const key = scope === 'organization' ? 'getOrganizationHistory' : 'getHistory';
  const history = useResolver(key, subject);
  const what = target.kind === 'objective' ? 'Objective' : 'Key Result';
  const [more, setMore] = useState<{ loading: boolean; error?: ResolverCallError }>({ loading: false });

  const showMore = (cursor: string) => {
    setMore({ loading: true });
    call(key, { ...subject, cursor }).then(
      (page) => {
        history.update((shown) => ({
          changes: [...shown.changes, ...page.changes],
          people: { ...shown.people, ...page.people },
          keyResults: { ...shown.keyResults, ...page.keyResults },
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        }));
        setMore({ loading: false });
      },
      (error: unknown) => setMore({ loading: false, error: toResolverCallError(error) }),
    );
  };

  return (
    <ModalDialog onClose={onClose} testId="history-dialog" width="large">
      <ModalHeader hasCloseButton>
        <ModalTitle>History of “{target.title}”</ModalTitle>
      </ModalHeader>
      <ModalBody>
        {history.state === 'loading' && <Loading label={`Loading the history of the ${what}`} size="medium" />}
        {history.state === 'error' && <ResolverErrorMessage error={history.error} what="the history" onRetry={history.reload} />}
        {history.state === 'ready' &&
          (history.data.changes.length === 0 && !history.data.nextCursor ? (
            <EmptyState
              testId="no-history"
              headingLevel={3}
              header="No changes recorded yet"
              description={`Changes to this ${what} show here with who made them, when and why.`}
            />
          ) : (
            <Stack space="space.200">
              <ChangeList changes={history.data.changes} people={{ ...people, ...history.data.people }} keyResults={history.data.keyResults} />
              {more.error && <ResolverErrorMessage error={more.error} what="the older changes" onRetry={() => history.data?.nextCursor && showMore(history.data.nextCursor)} />}
              {history.data.nextCursor && !more.error && (
                <Inline alignInline="center">
                  <Button testId="history-show-more" isLoading={more.loading} onClick={() => history.data?.nextCursor && showMore(history.data.nextCursor)}>
                    Show more
                  </Button>
                </Inline>
              )}
            </Stack>
          ))}
      </ModalBody>
      <ModalFooter>
        <Button appearance="primary" onClick={onClose}>
          Close
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}

function ChangeList({ changes, people, keyResults }: { changes: HistoryChange[]; people: Record<string, string>; keyResults: Record<string, string> }) {
  const newestFirst = [...changes].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Stack as="ol" xcss={bareList} space="space.150" testId="history-list" aria-label="Changes, newest first">
      {newestFirst.map((change, index) => {
        const details = changeDetails(change, people);
        return (
          <Box as="li" key={`${change.at}-${index}`} xcss={entry} testId="history-change" data-what={change.what}>
            <Stack space="space.050">
              <Inline space="space.100" alignBlock="baseline" shouldWrap>
                <Text weight="semibold">{changeHeading(change, keyResults)}</Text>
                <Text size="small" color="color.text.subtle">
                  {changeLine(change, people)}
                </Text>
              </Inline>
              {change.shortened && (
                <Text size="small" color="color.text.subtlest" testId="history-shortened">
                  Shortened here; the export keeps this change whole.
                </Text>
              )}
              {change.reason && (
                <Text testId="history-reason">
                  Why: <Text as="em">“{change.reason}”</Text>
                </Text>
              )}
              {details.length > 0 && details.every((detail) => detail.before === undefined) ? (
                // A creation: what it started as, on one line.
                <Text size="small" color="color.text.subtle" testId="history-details">
                  {details.map((detail) => `${detail.label}: ${detail.after ?? ''}`).join(' · ')}
                </Text>
              ) : (
                details.length > 0 && (
                  <Stack as="ul" xcss={bareList} space="space.025" testId="history-details">
                    {details.map((detail) => (
                      <Box as="li" key={detail.label}>
                        <Text size="small">
                          <Text size="small" weight="medium">
                            {detail.label}:
                          </Text>{' '}
                          {detail.before !== undefined && detail.after !== undefined
                            ? `${detail.before} → ${detail.after}`
                            : detail.after !== undefined
                              ? detail.after
                              : `${detail.before} (removed)`}
                        </Text>
                      </Box>
                    ))}
                  </Stack>
                )
              )}
            </Stack>
          </Box>
        );
      })}
    </Stack>
  );
}
