// The cycle's Objectives in a few lines at the top of the page, for whoever only wants to know how
// things stand (a stakeholder, mostly): each one's progress, status, Key Results, those to check in,
// and its grade. A title jumps to its card, unfolded.
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Pressable, Text, xcss } from '@atlaskit/primitives';
import type { Cycle, ObjectiveView } from '../../../../../src/contract';
import { formatShare, KEY_RESULT_STATUS_LOOK, OBJECTIVE_STATUS_LOOK } from '../../shared/format';
import { ProgressBar } from '../../shared/ProgressBar';
import { gradeLabel } from '../review/gradeText';

interface Props {
  objectives: ObjectiveView[];
  cycle: Cycle;
  /** Unfolds the Objective's card and brings it into view. */
  onOpen: (objective: ObjectiveView) => void;
}

const frame = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.large',
  backgroundColor: 'elevation.surface',
  paddingBlock: 'space.150',
  paddingInline: 'space.200',
});
const table = xcss({ width: '100%', borderCollapse: 'collapse' });
const cell = xcss({ paddingBlock: 'space.075', paddingInlineEnd: 'space.150', textAlign: 'start', verticalAlign: 'middle' });
const headCell = xcss({ paddingBlock: 'space.050', paddingInlineEnd: 'space.150', textAlign: 'start', borderBlockEndWidth: 'border.width', borderBlockEndStyle: 'solid', borderBlockEndColor: 'color.border' });
const titleCell = xcss({ width: '40%' });
const barCell = xcss({ minWidth: '120px' });
const grow = xcss({ flexGrow: 1 });
const titleLink = xcss({
  textAlign: 'start',
  color: 'color.link',
  backgroundColor: 'color.background.neutral.subtle',
  padding: 'space.0',
  font: 'font.body',
  ':hover': { textDecoration: 'underline' },
});

export function ObjectivesSummary({ objectives, cycle, onOpen }: Props) {
  if (objectives.length === 0) return null;
  return (
    <Box as="section" aria-labelledby="summary-heading" testId="okr-summary" xcss={frame}>
      <Heading as="h2" size="small" id="summary-heading">
        {cycle.name} at a glance
      </Heading>
      <Box as="table" xcss={table}>
        <thead>
          <tr>
            {['Objective', 'Progress', 'Status', 'Key Results', 'Grade'].map((name) => (
              <Box as="th" key={name} scope="col" xcss={headCell}>
                <Text size="small" weight="semibold" color="color.text.subtle">
                  {name}
                </Text>
              </Box>
            ))}
          </tr>
        </thead>
        <tbody>
          {objectives.map((objective) => (
            <SummaryRow key={objective.id} objective={objective} cycleClosed={cycle.state === 'closed'} onOpen={onOpen} />
          ))}
        </tbody>
      </Box>
    </Box>
  );
}

function SummaryRow({ objective, cycleClosed, onOpen }: { objective: ObjectiveView; cycleClosed: boolean; onOpen: Props['onOpen'] }) {
  const count = objective.keyResults.length;
  const toCheckIn = objective.keyResults.filter((keyResult) => keyResult.stale).length;
  // Health is news while the Objective is worked on; otherwise its lifecycle says more.
  const look = objective.status === 'active' && count > 0 ? KEY_RESULT_STATUS_LOOK[objective.health] : OBJECTIVE_STATUS_LOOK[objective.status];
  return (
    <Box as="tr" testId="okr-summary-row" data-objective-title={objective.title}>
      <Box as="td" xcss={[cell, titleCell]}>
        <Pressable xcss={titleLink} onClick={() => onOpen(objective)} testId="okr-summary-open" aria-label={`Go to “${objective.title}”`}>
          {objective.title}
        </Pressable>
      </Box>
      <Box as="td" xcss={[cell, barCell]}>
        {count > 0 ? (
          <Inline space="space.100" alignBlock="center">
            <Box xcss={grow}>
              <ProgressBar progress={objective.progress} expectedProgress={objective.expectedProgress} status={objective.health} label={objective.title} size="small" />
            </Box>
            <Text size="small" weight="semibold">
              {formatShare(objective.progress)}
            </Text>
          </Inline>
        ) : (
          <Text size="small" color="color.text.subtlest">
            —
          </Text>
        )}
      </Box>
      <Box as="td" xcss={cell}>
        <Lozenge appearance={look.appearance} testId="okr-summary-status">
          {look.label}
        </Lozenge>
      </Box>
      <Box as="td" xcss={cell}>
        <Text size="small" testId="okr-summary-key-results">
          {count}
          {toCheckIn > 0 && <Text size="small" color="color.text.warning">{` · ${toCheckIn} to check in`}</Text>}
        </Text>
      </Box>
      <Box as="td" xcss={cell}>
        <Text size="small" testId="okr-summary-grade">
          {typeof objective.grade === 'number' ? gradeLabel(objective.grade, cycleClosed) : objective.graded.count > 0 ? `${objective.graded.count} of ${objective.graded.of} graded` : '—'}
        </Text>
      </Box>
    </Box>
  );
}
