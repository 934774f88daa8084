import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import type { RightHolders, SettingsPageData } from '../../../../src/contract';
import { joinNames } from '../shared/format';

const SOURCE_NOTE: Record<RightHolders['source'], string> = {
  scheme: "Granted in the project's permission scheme (Project settings › Permissions).",
  settings: 'Named in these settings.',
  default: "The project's permission scheme grants neither Write OKRs nor Grade Key Results to anyone, so Outcomes gives both to the project admins and the Product Owners named here (by default the project lead). A Jira admin grants them in Project settings › Permissions.",
};

/** Who writes and who grades OKRs, and whether the viewer does. */
export function RightsSection({ data }: { data: SettingsPageData }) {
  const productOwners = data.settings.productOwnerAccountIds.map((accountId) => data.people[accountId] ?? 'Someone Jira does not show you');
  return (
    <Box as="section" testId="rights" aria-labelledby="rights-heading">
      <Stack space="space.200">
        <Heading size="medium" as="h2" id="rights-heading">
          Who writes and grades OKRs
        </Heading>
        <Text as="p" color="color.text.subtle">
          Everyone who may browse {data.project.key} sees its OKRs and may link the issues they may edit.
        </Text>
        <Right testId="right-write" title="Write OKRs" holders={data.rights.write} detail="Create and change Objectives and Key Results, tie Sprint Goals, change these settings, import." />
        <Right testId="right-grade" title="Grade Key Results" holders={data.rights.grade} detail="Check in on any Key Result and grade it at the Sprint Review." />
        {productOwners.length > 0 && (
          <Text as="p" testId="product-owners">
            Product Owners: {joinNames(productOwners)}.
          </Text>
        )}
      </Stack>
    </Box>
  );
}

function Right({ testId, title, holders, detail }: { testId: string; title: string; holders: RightHolders; detail: string }) {
  return (
    <Stack space="space.050" testId={testId}>
      <Inline space="space.100" alignBlock="center">
        <Heading size="small" as="h3">
          {title}
        </Heading>
        <Lozenge appearance={holders.youHoldIt ? 'success' : 'default'}>{holders.youHoldIt ? 'You hold it' : 'You do not hold it'}</Lozenge>
      </Inline>
      <Text as="p">{detail}</Text>
      <Text as="p">
        <Text weight="semibold">Held by: </Text>
        {holders.description}
      </Text>
      <Text as="p" color="color.text.subtle" size="small">
        {SOURCE_NOTE[holders.source]}
      </Text>
    </Stack>
  );
}
