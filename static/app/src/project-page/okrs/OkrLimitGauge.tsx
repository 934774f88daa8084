import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { ObjectiveView, ProjectOverviewData } from '../../../../../src/contract';
import { formatDate, personName } from '../../shared/format';
import { bareList } from './styles';

interface Props {
  okrLimit: ProjectOverviewData['okrLimit'];
  objectives: ObjectiveView[];
  people: Record<string, string>;
}

type Level = 'under' | 'at' | 'over';

const LOOK = {
  under: {
    background: 'color.background.neutral.subtle',
    frame: xcss({ borderRadius: 'radius.medium', borderWidth: 'border.width', borderStyle: 'solid', borderColor: 'color.border' }),
    filled: 'color.background.information.bold',
  },
  at: {
    background: 'color.background.warning',
    frame: xcss({ borderRadius: 'radius.medium', borderWidth: 'border.width', borderStyle: 'solid', borderColor: 'color.border.warning' }),
    filled: 'color.background.warning.bold',
  },
  over: {
    background: 'color.background.warning',
    frame: xcss({ borderRadius: 'radius.medium', borderWidth: 'border.width', borderStyle: 'solid', borderColor: 'color.border.warning' }),
    // The slots within the limit stay amber; the ones past it are red.
    filled: 'color.background.warning.bold',
  },
} as const;

/** The OKR-in-process limit as a short sentence and a row of slots, one per Objective the limit allows. */
export function OkrLimitGauge({ okrLimit, objectives, people }: Props) {
  const { limit, inProcess, overrides } = okrLimit;
  const level: Level = inProcess > limit ? 'over' : inProcess === limit ? 'at' : 'under';
  const look = LOOK[level];
  const sentence =
    level === 'under'
      ? `${inProcess} of ${limit} OKRs in process`
      : level === 'at'
        ? `${inProcess} of ${limit} OKRs in process — at the team's limit`
        : `${inProcess} of ${limit} OKRs in process — over the team's limit`;
  const slots = Math.max(limit, inProcess);

  return (
    <Box
      testId="okr-limit"
      data-level={level}
      padding="space.150"
      backgroundColor={look.background}
      xcss={look.frame}
      role="group"
      aria-label="OKRs in process"
    >
      <Stack space="space.100">
        <Inline space="space.150" alignBlock="center" shouldWrap>
          <Inline space="space.050" alignBlock="center" aria-hidden>
            {Array.from({ length: slots }, (_, index) => (
              <span
                key={index}
                style={{
                  display: 'inline-block',
                  width: 20,
                  height: 8,
                  borderRadius: 2,
                  background: index < inProcess ? token(index >= limit ? 'color.background.danger.bold' : look.filled) : token('color.background.neutral'),
                }}
              />
            ))}
          </Inline>
          <Text weight="semibold" testId="okr-limit-text">
            {sentence}
          </Text>
        </Inline>
        {level !== 'under' && (
          <Text as="p" size="small" color="color.text.subtle">
            {overrides.length > 0 && level === 'over'
              ? 'The team went past its limit on purpose; the reasons are below. Finishing or dropping an Objective frees a slot.'
              : 'Another Objective can only be made active with a written reason. Finishing or dropping one frees a slot.'}
          </Text>
        )}
        {overrides.length > 0 && (
          <Stack space="space.050" testId="okr-limit-overrides">
            <Heading as="h3" size="xxsmall">
              {overrides.length === 1 ? 'Limit override' : `${overrides.length} limit overrides`}
            </Heading>
            <Stack as="ul" xcss={bareList} space="space.050">
              {overrides.map((override) => {
                const objective = objectives.find((candidate) => candidate.id === override.objectiveId);
                return (
                  <Box as="li" key={`${override.objectiveId}-${override.at}`} testId="okr-limit-override">
                    <Text size="small">
                      <Text size="small" weight="semibold">
                        {personName(people, override.accountId)}
                      </Text>{' '}
                      made {objective ? `“${objective.title}”` : 'an Objective'} active past the limit on {formatDate(override.at)}:{' '}
                      <Text size="small" as="em">
                        “{override.reason}”
                      </Text>
                    </Text>
                  </Box>
                );
              })}
            </Stack>
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
