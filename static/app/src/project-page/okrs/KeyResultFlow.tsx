// A Key Result's flow, from its linked issues: how much is under way, how fast it gets done, and
// what has been waiting longest. Evidence about the work; it never moves the Key Result itself.
import { Text } from '@atlaskit/primitives';
import type { KeyResultView } from '../../../../../src/contract';
import { formatValue } from '../../shared/format';

const oneDecimal = (value: number) => formatValue(value, undefined, { estimate: true });

/** "WIP 2 · 1.5 done/sprint · cycle time 4.2 d · oldest WIP 6 d"; a dash where nothing is known yet. */
export function flowLine(flow: KeyResultView['flow']): string {
  const days = (value: number | null) => (value === null ? '–' : `${oneDecimal(value)} d`);
  return [
    `WIP ${flow.wip}`,
    `${oneDecimal(flow.throughputPerSprint)} done/sprint`,
    `cycle time ${days(flow.medianCycleTimeDays)}`,
    `oldest WIP ${days(flow.oldestWipAgeDays)}`,
  ].join(' · ');
}

function flowDescription(flow: KeyResultView['flow']): string {
  return [
    `${flow.wip} linked ${flow.wip === 1 ? 'issue' : 'issues'} in progress`,
    `${oneDecimal(flow.throughputPerSprint)} done per sprint over the cycle's ended sprints`,
    flow.medianCycleTimeDays === null ? 'no cycle time until one is done' : `median cycle time ${oneDecimal(flow.medianCycleTimeDays)} days`,
    flow.oldestWipAgeDays === null ? 'nothing in progress' : `the oldest in progress for ${oneDecimal(flow.oldestWipAgeDays)} days`,
  ].join('; ');
}

export function KeyResultFlow({ keyResult }: { keyResult: KeyResultView }) {
  // Without linked work there is no flow; the work line already says how to link some.
  if (keyResult.linkedIssues.total === 0) return null;
  const { flow } = keyResult;
  return (
    <Text size="small" color="color.text.subtle" testId="key-result-flow">
      <span title={flowDescription(flow)}>{flowLine(flow)}</span>
    </Text>
  );
}
