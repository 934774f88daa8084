// Carrying an Objective over at a cycle's end: the Product Owner picks the unfinished Key Results to
// take along and the grade each closes with (its progress on the scale, unless changed). One call,
// which happens whole or not at all: the copies start in the next cycle from the values reached, and
// the old ones are closed. The server decides.
import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import type { Cycle, ObjectiveView } from '../../../../../src/contract';
import { call, toResolverCallError } from '../../shared/api';
import { flag } from '../../shared/flag';
import { formatMetric } from '../../shared/format';
import { formatGrade, GRADE_STEPS } from '../review/gradeText';
import { carryableKeyResults, cycleName, MAX_CARRIED_KEY_RESULTS, nextCycleId } from './carry';
import { FormProblem, type FormProblemState } from './FormProblem';

interface Props {
  objective: ObjectiveView;
  cycle: Cycle;
  onClose: () => void;
  /** Once carried, or after a conflict: the page shows storage as it is now. */
  onReload: () => void;
}

const row = xcss({ borderBlockStartWidth: 'border.width', borderBlockStartStyle: 'solid', borderBlockStartColor: 'color.border', paddingBlockStart: 'space.100' });
const REASON_MAX = 1000;
// A plain text area in Atlaskit's look: its own module would lengthen what the page lists to preload for this dialog.
const area = { width: '100%', boxSizing: 'border-box', font: 'var(--ds-font-body, normal 400 14px/20px sans-serif)', color: 'var(--ds-text, #172B4D)', background: 'var(--ds-background-input, #FFFFFF)', border: '1px solid var(--ds-border-input, #8590A2)', borderRadius: 'var(--ds-border-radius, 3px)', padding: '6px 8px' } as const;

export default function CarryOverModal({ objective, cycle, onClose, onReload }: Props) {
  const carryable = carryableKeyResults(objective);
  const next = cycleName(objective.carriedTo?.cycleId ?? nextCycleId(cycle.id));
  const [chosen, setChosen] = useState<Record<string, boolean>>(() => Object.fromEntries(carryable.map((keyResult, index) => [keyResult.id, index < MAX_CARRIED_KEY_RESULTS])));
  // Graded by how far each came, on the scale's steps, unless the Product Owner says otherwise.
  const [scores, setScores] = useState<Record<string, number>>(() => Object.fromEntries(carryable.map((keyResult) => [keyResult.id, Math.round(keyResult.progress * 10) / 10])));
  const [note, setNote] = useState('');
  /** Set once the next cycle's OKR limit refused the copy: the reason to go past it. */
  const [limit, setLimit] = useState<{ message: string; reason: string } | null>(null);
  const [problem, setProblem] = useState<FormProblemState>(null);
  const [saving, setSaving] = useState(false);
  const picked = carryable.filter((keyResult) => chosen[keyResult.id]);
  const tooMany = picked.length > MAX_CARRIED_KEY_RESULTS;
  // Carried before, only Key Results left behind remain to carry.
  const nothing = Boolean(objective.carriedTo) && picked.length === 0;
  const left = objective.keyResults.length - carryable.length;

  const confirm = async () => {
    setProblem(null);
    setSaving(true);
    try {
      const carried = await call('carryOverObjective', {
        objectiveId: objective.id,
        expectedVersion: objective.version,
        keyResults: picked.map((keyResult) => ({ id: keyResult.id, expectedVersion: keyResult.version, score: scores[keyResult.id] ?? 0 })),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(limit?.reason.trim() ? { overrideLimitReason: limit.reason.trim() } : {}),
      });
      flag(`Carried “${carried.to.title}” over to ${cycleName(carried.to.cycleId)}`);
      onReload();
    } catch (cause) {
      const error = toResolverCallError(cause);
      if (error.code === 'LIMIT') setLimit({ message: error.message, reason: limit?.reason ?? '' });
      else setProblem(error.code === 'CONFLICT' ? { kind: 'conflict', message: error.message } : { kind: 'general', error });
      setSaving(false);
    }
  };

  return (
    <ModalDialog onClose={onClose} testId="carry-dialog" width="medium">
      <ModalHeader hasCloseButton>
        <ModalTitle>Carry “{objective.title}” over to {next}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.150">
          <FormProblem problem={problem} what="Objective" onReload={onReload} />
          <Text as="p">
            {objective.carriedTo
              ? `It continues in ${next} already: the Key Results you pick join it there, each starting from the value it reached.`
              : `A copy continues in ${next} with the Key Results you pick, each starting from the value it reached. This one is closed as done: it no longer counts as in process.`}{' '}
            Each Key Result carried over closes here with its grade and takes no more check-ins.
          </Text>
          {carryable.length === 0 ? (
            <Text as="p" color="color.text.subtle" testId="nothing-to-carry">
              No Key Result is left to carry: each reached its target or was carried already.
            </Text>
          ) : (
            <Stack space="space.100" testId="carry-key-results">
              {carryable.map((keyResult) => {
                const gradeId = `carry-grade-${keyResult.id}`;
                return (
                  <Box key={keyResult.id} xcss={row} testId="carry-key-result" data-key-result-title={keyResult.title}>
                    <Inline space="space.150" alignBlock="center" spread="space-between" shouldWrap>
                      <label>
                        <input type="checkbox" data-testid="carry-choose" checked={chosen[keyResult.id] ?? false} onChange={(event) => setChosen({ ...chosen, [keyResult.id]: event.target.checked })} />{' '}
                        <Text weight="semibold">{keyResult.title}</Text> <Text color="color.text.subtle">({formatMetric(keyResult.metric)})</Text>
                      </label>
                      <Inline space="space.075" alignBlock="center">
                        <label htmlFor={gradeId}>
                          <Text size="small">Grade it closes with</Text>
                        </label>
                        <select
                          id={gradeId}
                          data-testid="carry-grade"
                          value={String(scores[keyResult.id] ?? 0)}
                          disabled={!chosen[keyResult.id]}
                          onChange={(event) => setScores({ ...scores, [keyResult.id]: Number(event.target.value) })}
                        >
                          {GRADE_STEPS.map((step) => (
                            <option key={step} value={String(step)}>
                              {formatGrade(step)}
                            </option>
                          ))}
                        </select>
                      </Inline>
                    </Inline>
                  </Box>
                );
              })}
            </Stack>
          )}
          {left > 0 && (
            <Text size="small" color="color.text.subtle">
              {left === 1 ? '1 Key Result stays' : `${left} Key Results stay`}: reached its target, or carried already.
            </Text>
          )}
          {tooMany && (
            <Text color="color.text.danger" testId="carry-too-many">
              Pick at most {MAX_CARRIED_KEY_RESULTS} at once; carry the others in a second turn, into the same copy.
            </Text>
          )}
          <Stack space="space.050">
            <label htmlFor="carry-note">
              <Text size="small" weight="semibold">
                Note (optional): why, or what the team learned
              </Text>
            </label>
            <textarea id="carry-note" data-testid="carry-note" style={area} rows={2} maxLength={REASON_MAX} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
          </Stack>
          {limit && (
            <SectionMessage appearance="warning" title="Go past the OKR limit?" testId="carry-limit">
              <Stack space="space.100">
                <Text as="p">{limit.message}</Text>
                <label htmlFor="carry-override">
                  <Text size="small" weight="semibold">
                    Reason to go past the limit (everyone can see it)
                  </Text>
                </label>
                <textarea id="carry-override" data-testid="carry-override-reason" style={area} rows={2} maxLength={REASON_MAX} value={limit.reason} onChange={(event) => setLimit({ ...limit, reason: event.currentTarget.value })} />
              </Stack>
            </SectionMessage>
          )}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button
          appearance={limit ? 'warning' : 'primary'}
          onClick={confirm}
          isLoading={saving}
          isDisabled={tooMany || nothing || (limit !== null && !limit.reason.trim())}
          testId="confirm-carry-over"
        >
          {limit ? 'Go past the limit and carry over' : `Carry over to ${next}`}
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}
