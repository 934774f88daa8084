// Pushed values: the project's endpoint, and its secret made, shown once, rotated or revoked. Only
// someone who may change the settings sees it (the resolvers refuse everyone else).
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import type { PushEndpoint, PushSecretMade } from '../../../../src/contract';
import { ResolverErrorMessage } from '../project-page/ResolverErrorMessage';
import { call, toResolverCallError, type ResolverCallError } from '../shared/api';
import { formatDate } from '../shared/format';
import { Loading } from '../shared/Loading';
import { useResolver } from '../shared/useResolver';

const codeStyles = xcss({
  fontFamily: 'font.family.code',
  backgroundColor: 'color.background.neutral',
  paddingInline: 'space.100',
  paddingBlock: 'space.050',
  borderRadius: 'radius.small',
  overflowWrap: 'anywhere',
});

type Action = 'createPushSecret' | 'rotatePushSecret' | 'revokePushSecret';

export function PushSection({ people }: { people: Record<string, string> }) {
  const endpoint = useResolver('getPushEndpoint', {});
  const [made, setMade] = useState<PushSecretMade | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<ResolverCallError | null>(null);

  const act = async (action: Action) => {
    setBusy(action);
    setError(null);
    try {
      const answer: PushEndpoint | PushSecretMade = await call(action, {});
      setMade('secretValue' in answer ? answer : null);
      endpoint.update(() => ({ url: answer.url, secret: answer.secret }));
    } catch (caught) {
      setError(toResolverCallError(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Box as="section" testId="push" aria-labelledby="push-heading">
      <Stack space="space.200">
        <Heading size="medium" as="h2" id="push-heading">
          Pushed values
        </Heading>
        <Text as="p" color="color.text.subtle">
          An analytics job, a support desk or CI can post a Key Result’s value to this project’s endpoint; each value is recorded as a check-in marked “pushed”. Confidence stays the team’s: a pushed value keeps the last one given.
        </Text>
        {endpoint.state === 'loading' && <Loading label="Loading the push endpoint" />}
        {endpoint.state === 'error' && <ResolverErrorMessage error={endpoint.error} what="the push endpoint" onRetry={endpoint.reload} />}
        {endpoint.state === 'ready' && (
          <>
            <Text as="p">
              <Text weight="semibold">Endpoint (POST): </Text>
            </Text>
            <Box xcss={codeStyles} testId="push-url">
              {endpoint.data.url}
            </Box>
            {endpoint.data.secret ? (
              <Text as="p" testId="push-secret-status">
                A secret starting “{endpoint.data.secret.prefix}…” is in force, made on {formatDate(endpoint.data.secret.createdAt)} by {people[endpoint.data.secret.createdBy] ?? 'someone who may write OKRs'}.
              </Text>
            ) : (
              <Text as="p" testId="push-secret-status">
                No secret yet: nothing can push values to this project.
              </Text>
            )}
            {made && (
              <SectionMessage appearance="success" title="Copy the secret now: it is shown only this once" testId="push-secret-made">
                <Stack space="space.100">
                  <Box xcss={codeStyles} testId="push-secret-value">
                    {made.secretValue}
                  </Box>
                  <Text as="p">Send it as “Authorization: Bearer &lt;secret&gt;”. Outcomes keeps only a hash of it; if it is lost, rotate it.</Text>
                </Stack>
              </SectionMessage>
            )}
            {error && <ResolverErrorMessage error={error} what="the push secret" onRetry={() => setError(null)} />}
            <Inline space="space.100">
              {endpoint.data.secret ? (
                <>
                  <Button testId="push-rotate" isDisabled={busy !== null} onClick={() => void act('rotatePushSecret')}>
                    {busy === 'rotatePushSecret' ? 'Rotating…' : 'Rotate secret'}
                  </Button>
                  <Button testId="push-revoke" appearance="danger" isDisabled={busy !== null} onClick={() => void act('revokePushSecret')}>
                    {busy === 'revokePushSecret' ? 'Revoking…' : 'Revoke secret'}
                  </Button>
                </>
              ) : (
                <Button testId="push-create" appearance="primary" isDisabled={busy !== null} onClick={() => void act('createPushSecret')}>
                  {busy === 'createPushSecret' ? 'Making…' : 'Make a secret'}
                </Button>
              )}
            </Inline>
          </>
        )}
      </Stack>
    </Box>
  );
}
