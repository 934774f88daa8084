// What a query-measured Key Result's row says of its query: the function and the JQL, and the last
// refresh's problem (the value shown is then the last good one). It comes with the burn-up's chunk,
// after the page's first paint, and imports nothing the first load holds (plain elements and design
// tokens: an Atlaskit import here would split the first load's chunks and push it past its budget).
// "Refresh now" is in the Key Result's editor.
import { token } from '@atlaskit/tokens';
import type { KeyResultView, MeasureFunction } from '../../../../../src/contract';

const FUNCTION_TEXT: Record<MeasureFunction, string> = {
  count: 'the count of',
  sum: 'the sum of a number field over',
  average: 'the average of a number field over',
  'median-age': 'the median age in days of',
};

const small = { font: token('font.body.small'), margin: 0, maxWidth: '280px', overflowWrap: 'anywhere' } as const;

export function QueryMeasureLine({ keyResult }: { keyResult: KeyResultView }) {
  const measure = keyResult.measure;
  if (!measure) return null;
  return (
    <div data-testid="key-result-query">
      <p style={{ ...small, color: token('color.text.subtle') }}>
        Measured by Jira: {FUNCTION_TEXT[measure.fn]} the issues of <code>{measure.jql}</code>
      </p>
      {measure.problem && (
        <p role="status" data-testid="key-result-query-problem" style={{ ...small, color: token('color.text.warning') }}>
          {measure.problem.message} The value shown is the last good one.
        </p>
      )}
    </div>
  );
}
