// The project settings page (Project settings › Apps › Outcomes): the OKR-in-process limit, the board,
// the fiscal year, the check-in reminder, who writes and grades OKRs, the push endpoint's secret, and the
// project's OKR data as a file (export, import).
import Heading from '@atlaskit/heading';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { ResolverErrorMessage } from '../project-page/ResolverErrorMessage';
import { Loading } from '../shared/Loading';
import { usePageContext } from '../shared/forgeContext';
import { useResolver } from '../shared/useResolver';
import { PushSection } from './PushSection';
import { RightsSection } from './RightsSection';
import { SettingsForm } from './SettingsForm';
import { TransferSection } from './TransferSection';

const pageStyles = xcss({ maxWidth: '760px', paddingBlock: 'space.300', paddingInline: 'space.400' });

export function SettingsPage() {
  const { projectKey } = usePageContext();
  const page = useResolver('getSettingsPage', {});
  const what = `the Outcomes settings of ${projectKey ?? 'this project'}`;
  return (
    <Box xcss={pageStyles} as="main">
      <Stack space="space.300">
        <Heading size="large" as="h1">
          Outcomes settings
        </Heading>
        {page.state === 'loading' && <Loading label={`Loading ${what}`} />}
        {page.state === 'error' && <ResolverErrorMessage error={page.error} what={what} onRetry={page.reload} />}
        {page.state === 'ready' && (
          <>
            <Text as="p" color="color.text.subtle">
              How Outcomes works for {page.data.project.name} ({page.data.project.key}).
            </Text>
            {page.data.warnings.map((warning) => (
              <SectionMessage key={warning.code} appearance="warning" testId="settings-warning">
                <Text as="p">{warning.message}</Text>
              </SectionMessage>
            ))}
            {!page.data.canEdit && (
              <SectionMessage appearance="information" testId="read-only">
                <Text as="p">You can read these settings. Only a project admin or someone who writes OKRs may change them or import (see “Who writes and grades OKRs” below).</Text>
              </SectionMessage>
            )}
            <SettingsForm data={page.data} onSaved={page.refresh} />
            <RightsSection data={page.data} />
            {page.data.canEdit && <PushSection people={page.data.people} />}
            <TransferSection projectKey={page.data.project.key} canImport={page.data.canEdit} onImported={page.refresh} />
          </>
        )}
      </Stack>
    </Box>
  );
}
