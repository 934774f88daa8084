// A small burn-up per Key Result, drawn by hand in SVG from design tokens (both themes, no chart
// library in the bundle): check-ins as steps against the dashed expected line (a person's as filled
// dots, pushed or queried values as hollow ones), sprint boundaries faint behind, a marker at today.
import { token } from '@atlaskit/tokens';
import { useMemo } from 'react';
import type { Cycle, KeyResultView, SprintView } from '../../../../../src/contract';
import { burnUpGeometry } from './burnUp';
import { BURN_UP_SIZE } from './burnUpSize';
import { QueryMeasureLine } from './QueryMeasureLine';

interface Props {
  keyResult: KeyResultView;
  cycle: Cycle;
  sprints: SprintView[];
  now?: Date;
}

/**
 * The burn-up, and under it what a query-measured Key Result's query is: both load after the page's
 * first paint (its first load has no room left), so the query's line comes with the chart's chunk.
 */
export function BurnUpChart(props: Props) {
  return (
    <>
      <BurnUpSvg {...props} />
      {props.keyResult.measure && <QueryMeasureLine keyResult={props.keyResult} />}
    </>
  );
}

const LABEL = { fontSize: 10, fill: token('color.text.subtlest'), fontFamily: 'inherit' } as const;

function BurnUpSvg({ keyResult, cycle, sprints, now }: Props) {
  const geometry = useMemo(() => burnUpGeometry(keyResult, cycle, sprints, now ?? new Date()), [keyResult, cycle, sprints, now]);
  const { plot, expected, actual, forecast, sprintBoundaries, today, valueLabels, grades, dateLabels, summary } = geometry;
  const line = token('color.chart.brand');
  return (
    <svg
      role="img"
      aria-label={summary}
      data-testid="burn-up"
      width={BURN_UP_SIZE.width}
      height={BURN_UP_SIZE.height}
      viewBox={`0 0 ${BURN_UP_SIZE.width} ${BURN_UP_SIZE.height}`}
      style={{ display: 'block', maxWidth: '100%', height: 'auto', overflow: 'visible' }}
    >
      <rect x={plot.left} y={plot.top} width={plot.right - plot.left} height={plot.bottom - plot.top} fill={token('color.background.neutral.subtle')} />
      {sprintBoundaries.map((x) => (
        <line key={x} x1={x} x2={x} y1={plot.top} y2={plot.bottom} stroke={token('color.border')} strokeWidth={1} />
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={token('color.border.bold')} strokeWidth={1} />
      <line
        data-testid="burn-up-expected"
        x1={expected.from.x}
        y1={expected.from.y}
        x2={expected.to.x}
        y2={expected.to.y}
        stroke={token('color.text.subtlest')}
        strokeWidth={1.5}
        strokeDasharray="4 3"
      />
      {forecast && (
        <line x1={forecast.from.x} y1={forecast.from.y} x2={forecast.to.x} y2={forecast.to.y} stroke={line} strokeOpacity={0.55} strokeWidth={1.5} strokeDasharray="1 3" strokeLinecap="round" />
      )}
      {actual && (
        <>
          <path data-testid="burn-up-actual" d={actual.path} fill="none" stroke={line} strokeWidth={2} strokeLinejoin="round" />
          {actual.points.map((point, index) =>
            // A person's check-in is a filled dot; a pushed or queried value a hollow one.
            point.automatic ? (
              <circle key={index} data-testid="burn-up-automatic" cx={point.x} cy={point.y} r={2.5} fill={token('elevation.surface')} stroke={line} strokeWidth={1.5} />
            ) : (
              <circle key={index} cx={point.x} cy={point.y} r={2.5} fill={line} />
            ),
          )}
        </>
      )}
      {grades.map((grade, index) => (
        <g key={`${grade.x}-${index}`} data-testid="burn-up-grade" data-score={grade.score}>
          <title>{grade.title}</title>
          <path
            d={`M${grade.x.toFixed(1)},${(grade.y - 4.5).toFixed(1)} l4.5,4.5 l-4.5,4.5 l-4.5,-4.5 z`}
            fill={token('color.icon.discovery')}
            stroke={token('elevation.surface')}
            strokeWidth={1}
          />
          <text x={grade.x} y={grade.y - 7} textAnchor="middle" style={{ ...LABEL, fill: token('color.text.discovery') }}>
            {grade.score}
          </text>
        </g>
      ))}
      {today !== null && (
        <g data-testid="burn-up-today">
          <line x1={today} x2={today} y1={plot.top - 4} y2={plot.bottom + 2} stroke={token('color.text')} strokeWidth={1.5} />
        </g>
      )}
      {valueLabels.map((label) => (
        <text key={label.text} x={plot.left - 4} y={label.y} dy="0.32em" textAnchor="end" style={LABEL}>
          {label.text}
        </text>
      ))}
      <text x={plot.left} y={BURN_UP_SIZE.height - 4} textAnchor="start" style={LABEL}>
        {dateLabels.start}
      </text>
      {today !== null && today - plot.left > 36 && plot.right - today > 36 && (
        <text x={today} y={BURN_UP_SIZE.height - 4} textAnchor="middle" style={{ ...LABEL, fill: token('color.text.subtle') }}>
          today
        </text>
      )}
      <text x={plot.right} y={BURN_UP_SIZE.height - 4} textAnchor="end" style={LABEL}>
        {dateLabels.end}
      </text>
    </svg>
  );
}
