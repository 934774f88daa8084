import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense } from 'react';
import type { Cycle, KeyResultView, SprintView } from '../../../../../src/contract';
import { formatDate, formatDateTime, formatDayMonth, formatMetric, formatValue, KEY_RESULT_STATUS_LOOK, personName } from '../../shared/format';
import { ProgressLine } from './ProgressLine';
import { GradeBadge } from '../review/GradeBadge';
import { gradeHistoryText } from '../review/gradeText';
import { BURN_UP_SIZE } from './burnUpSize';
import { KeyResultFlow } from './KeyResultFlow';
import { KeyResultWork } from './KeyResultWork';
import { LintFindings } from './LintFindings';
import { Upward } from '../upward/Upward';

// The burn-up is drawn once its code has loaded, after the page's first paint; its place is kept meanwhile.
const BurnUpChart = lazy(() => import('./BurnUpChart').then((module) => ({ default: module.BurnUpChart })));

export type KeyResultAction = 'check-in' | 'history' | 'edit' | 'delete';

interface Props {
  keyResult: KeyResultView;
  cycle: Cycle;
  /** The cycle's sprints, for the burn-up's sprint boundaries. */
  sprints: SprintView[];
  people: Record<string, string>;
  titles: Record<string, string | null>;
  canEdit: boolean;
  canCheckIn: boolean;
  onAction: (action: KeyResultAction, keyResult: KeyResultView) => void;
}

const row = xcss({
  borderBlockStartWidth: 'border.width',
  borderBlockStartStyle: 'solid',
  borderBlockStartColor: 'color.border',
  paddingBlock: 'space.150',
});

const details = xcss({ flexGrow: 1, flexShrink: 1, flexBasis: '360px', minWidth: '0' });
const chart = xcss({ flexShrink: 0 });
const chartPlaceholder = xcss({ width: `${BURN_UP_SIZE.width}px`, maxWidth: '100%', height: `${BURN_UP_SIZE.height}px` });

export function KeyResultRow({ keyResult, cycle, sprints, people, titles, canEdit, canCheckIn, onAction }: Props) {
  const { metric } = keyResult;
  const look = KEY_RESULT_STATUS_LOOK[keyResult.status];
  const lastCheckIn = keyResult.lastCheckIn;
  const titleId = `kr-title-${keyResult.id}`;
  const cycleClosed = cycle.state === 'closed';
  const grades = keyResult.grades ?? [];

  return (
    <Box as="li" testId="key-result" data-key-result-title={keyResult.title} xcss={row} aria-labelledby={titleId}>
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
          <Text weight="semibold" id={titleId}>
            {keyResult.title}
          </Text>
          <Inline space="space.100" alignBlock="center">
            <Lozenge appearance={look.appearance} testId="key-result-status">
              {look.label}
            </Lozenge>
            {keyResult.stale && <ToCheckIn days={keyResult.daysWithoutCheckIn} />}
            {keyResult.confidence !== null && (
              <Text size="small" color="color.text.subtle" testId="key-result-confidence">
                Confidence {keyResult.confidence}/10
              </Text>
            )}
            {typeof keyResult.lastGrade === 'number' && <GradeBadge score={keyResult.lastGrade} cycleClosed={cycleClosed} testId="kr-grade" />}
          </Inline>
        </Inline>

        {keyResult.contributesTo && <Upward kind="contributes" id={keyResult.contributesTo.orgKeyResultId} titles={titles} />}

        <Inline space="space.200" alignBlock="start" shouldWrap>
          <Stack space="space.075" xcss={details}>
            <ProgressLine
              progress={keyResult.progress}
              expectedProgress={keyResult.expectedProgress}
              status={keyResult.status}
              label={keyResult.title}
            />

            <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
              <Inline space="space.100" alignBlock="baseline" shouldWrap>
                <Text testId="key-result-values">{formatMetric(metric)}</Text>
                <Text size="small" color="color.text.subtle" testId="key-result-forecast">
                  {keyResult.forecast === null
                    ? 'Forecast after two check-ins'
                    : `On this pace: ${formatValue(keyResult.forecast, metric.unit, { estimate: true })} by ${formatDayMonth(cycle.endDate)}`}
                </Text>
              </Inline>
              <Inline space="space.050" shouldWrap>
                {canCheckIn && (
                  <Button spacing="compact" testId="check-in" aria-label={`Check in on “${keyResult.title}”`} onClick={() => onAction('check-in', keyResult)}>
                    Check in
                  </Button>
                )}
                <Button spacing="compact" appearance="subtle" testId="history" aria-label={`History of “${keyResult.title}”`} onClick={() => onAction('history', keyResult)}>
                  History
                </Button>
                {canEdit && (
                  <>
                    <Button spacing="compact" appearance="subtle" testId="edit-key-result" aria-label={`Edit “${keyResult.title}”`} onClick={() => onAction('edit', keyResult)}>
                      Edit
                    </Button>
                    <Button spacing="compact" appearance="subtle" testId="delete-key-result" aria-label={`Delete “${keyResult.title}”`} onClick={() => onAction('delete', keyResult)}>
                      Delete
                    </Button>
                  </>
                )}
              </Inline>
            </Inline>

            <Text size="small" color="color.text.subtle" testId="key-result-last-check-in">
              {lastCheckIn ? (
                <>
                  {lastCheckIn.source === 'pushed' || lastCheckIn.source === 'query'
                    ? `${lastCheckIn.source === 'pushed' ? 'Pushed' : 'From a query'}: last value on ${formatDateTime(lastCheckIn.at)}: ${formatValue(lastCheckIn.value, metric.unit)}`
                    : `Typed: last check-in by ${personName(people, lastCheckIn.accountId)} on ${formatDate(lastCheckIn.at)}: ${formatValue(lastCheckIn.value, metric.unit)}, confidence ${lastCheckIn.confidence ?? '–'}/10`}
                  {lastCheckIn.note ? ` — “${lastCheckIn.note}”` : ''}
                </>
              ) : (
                'No check-in yet'
              )}
            </Text>
            {grades.length > 0 && (
              <Text size="small" color="color.text.subtle" testId="grade-history" data-grades={grades.length}>
                Grades by sprint: {gradeHistoryText(grades)}
              </Text>
            )}
            <KeyResultFlow keyResult={keyResult} />
            <KeyResultWork keyResult={keyResult} />
          </Stack>
          <Stack space="space.050" xcss={chart}>
            <Suspense fallback={<Box xcss={chartPlaceholder} />}>
              <BurnUpChart keyResult={keyResult} cycle={cycle} sprints={sprints} />
            </Suspense>
            <BurnUpLegend forecast={keyResult.forecast !== null} graded={grades.length > 0} automatic={keyResult.burnUp.some((point) => point.source)} />
          </Stack>
        </Inline>

        <LintFindings findings={keyResult.lint} />
      </Stack>
    </Box>
  );
}

const swatch = (style: 'solid' | 'dashed' | 'dotted', color: string) => (
  <span aria-hidden style={{ display: 'inline-block', width: 14, verticalAlign: 'middle', borderTop: `2px ${style} ${color}` }} />
);

/** What the burn-up's lines are; the chart's own label says it for screen readers. */
function BurnUpLegend({ forecast, graded, automatic }: { forecast: boolean; graded: boolean; automatic: boolean }) {
  return (
    <Inline space="space.100" aria-hidden>
      <Text size="small" color="color.text.subtlest">
        {swatch('solid', token('color.chart.brand'))} check-ins
      </Text>
      {automatic && (
        <Text size="small" color="color.text.subtlest">
          ○ automatic
        </Text>
      )}
      <Text size="small" color="color.text.subtlest">
        {swatch('dashed', token('color.text.subtlest'))} expected
      </Text>
      {forecast && (
        <Text size="small" color="color.text.subtlest">
          {swatch('dotted', token('color.chart.brand'))} forecast
        </Text>
      )}
      {graded && (
        <Text size="small" color="color.text.subtlest">
          <span style={{ color: token('color.icon.discovery') }}>◆</span> grade
        </Text>
      )}
    </Inline>
  );
}

/** The nudge: a Key Result nobody has checked in on for longer than the team allows. */
export function ToCheckIn({ days }: { days: number }) {
  return (
    <Box as="span" testId="key-result-stale" title={`No check-in for ${days} days`}>
      <Lozenge appearance="moved">To check in · {days} days</Lozenge>
    </Box>
  );
}
