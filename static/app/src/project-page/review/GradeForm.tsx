// Grading one Key Result at the sprint review: the 0.0–1.0 scale (0.7 marked as the sweet spot), an
// optional confidence, note and new value. The browser checks the obvious; the server decides.
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import Textarea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { KeyResultView, PayloadOf, ReviewedKeyResult } from '../../../../../src/contract';
import { call, toResolverCallError } from '../../shared/api';
import { formatValue } from '../../shared/format';
import { FormProblem, type FormProblemState } from '../okrs/FormProblem';
import { formatGrade, GRADE_STEPS, stepId, SWEET_SPOT } from './gradeText';

type FieldName = 'score' | 'confidence' | 'note' | 'value';
const FIELDS: readonly FieldName[] = ['score', 'confidence', 'note', 'value'];
const NOTE_MAX = 2000;

/** A typed number ("1,200" reads as 1200); NaN when it is not one. */
function parseNumber(text: string): number {
  const trimmed = text.trim().replace(/,/g, '');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

interface Option {
  label: string;
  value: number;
}

const CONFIDENCE_OPTIONS: Option[] = Array.from({ length: 10 }, (_, index) => ({
  value: index + 1,
  label: index === 0 ? "1 — won't reach it" : index === 9 ? '10 — sure to' : String(index + 1),
}));

export type GradePayload = PayloadOf<'gradeKeyResult'>;

interface Props {
  sprintId: number;
  keyResult: ReviewedKeyResult;
  /** A correction of the grade the Key Result already has: Cancel goes back to it. */
  onCancel?: () => void;
  onSaved: (payload: GradePayload, saved: KeyResultView) => void;
  /** After a conflict or a Key Result that is gone: load the review again. */
  onReload: () => void;
  /** Something was typed or chosen (a grade, a confidence, a note, a value): not to be dropped unasked. */
  onEdit?: () => void;
}

const column = xcss({ flexGrow: 1, flexBasis: '0', minWidth: '160px' });
const scaleGrid = {
  display: 'grid',
  gridTemplateColumns: 'repeat(11, minmax(36px, 1fr))',
  columnGap: token('space.050'),
  rowGap: token('space.050'),
  maxWidth: 560,
} as const;

export function GradeForm({ sprintId, keyResult, onCancel, onSaved, onReload, onEdit }: Props) {
  const existing = keyResult.grade;
  const [score, setScore] = useState<number | null>(existing?.score ?? null);
  const [confidence, setConfidence] = useState<number | null>(existing?.confidence ?? null);
  const [note, setNote] = useState(existing?.note ?? '');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [problem, setProblem] = useState<FormProblemState>(null);
  const [saving, setSaving] = useState(false);
  const id = (name: string) => `grade-${name}-${keyResult.id}`;
  // Opened to correct a grade: start on the grade being corrected, once. (Atlaskit's Button merges its
  // refs anew on each render, so a callback ref would pull the focus back on every change.)
  const correctedStep = useRef<HTMLButtonElement>(null);
  useEffect(() => correctedStep.current?.focus(), []);
  const unit = keyResult.metric.unit?.trim();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setProblem(null);
    const typedValue = value.trim();
    const newValue = typedValue === '' ? undefined : parseNumber(typedValue);
    const found: Partial<Record<FieldName, string>> = {};
    if (score === null) found.score = 'Choose a grade from 0.0 to 1.0.';
    if (newValue !== undefined && !Number.isFinite(newValue)) found.value = 'New value must be a number.';
    else if (newValue !== undefined && confidence === null) found.confidence = 'A new value is recorded as a check-in: give it a confidence from 1 to 10.';
    if (note.length > NOTE_MAX) found.note = `Note must be at most ${NOTE_MAX} characters.`;
    setErrors(found);
    if (score === null || Object.keys(found).length > 0) return;

    const trimmedNote = note.trim();
    const payload: GradePayload = {
      sprintId,
      keyResultId: keyResult.id,
      score,
      ...(confidence !== null ? { confidence } : {}),
      ...(trimmedNote ? { note: trimmedNote } : {}),
      ...(newValue !== undefined ? { value: newValue } : {}),
    };
    setSaving(true);
    try {
      const saved = await call('gradeKeyResult', payload);
      setSaving(false);
      onSaved(payload, saved);
    } catch (cause) {
      setSaving(false);
      const error = toResolverCallError(cause);
      const field = error.code === 'VALIDATION' ? FIELDS.find((name) => name === error.field) : undefined;
      if (field) setErrors({ [field]: error.message });
      else if (error.code === 'CONFLICT') setProblem({ kind: 'conflict', message: error.message });
      else setProblem({ kind: 'general', error });
    }
  };

  return (
    <form onSubmit={submit} onInput={onEdit} aria-label={`Grade “${keyResult.title}”`} noValidate data-testid="grade-form">
      <Stack space="space.150">
        <FormProblem problem={problem} what="grade" onReload={onReload} />

        <Stack space="space.050">
          <Text size="small" weight="semibold" color="color.text.subtle" id={id('scale-label')}>
            Grade
          </Text>
          <div
            role="group"
            aria-labelledby={id('scale-label')}
            aria-describedby={errors.score ? id('scale-error') : undefined}
            data-testid="grade-scale"
            style={scaleGrid}
          >
            {GRADE_STEPS.map((step) => {
              const selected = score !== null && Math.abs(score - step) < 1e-9;
              const sweet = Math.abs(step - SWEET_SPOT) < 1e-9;
              return (
                <Box key={step} xcss={sweet ? sweetStep : undefined}>
                  <Button
                    shouldFitContainer
                    isSelected={selected}
                    aria-pressed={selected}
                    ref={onCancel !== undefined && existing !== undefined && Math.abs(existing.score - step) < 1e-9 ? correctedStep : undefined}
                    aria-label={sweet ? `${stepId(step)}, the sweet spot` : stepId(step)}
                    testId={`grade-${stepId(step)}`}
                    onClick={() => {
                      onEdit?.();
                      setScore(step);
                      setErrors(({ score: _cleared, ...rest }) => rest);
                    }}
                  >
                    {stepId(step)}
                  </Button>
                </Box>
              );
            })}
            <ScaleCaption column="1 / 5" align="start">
              missed: learn
            </ScaleCaption>
            <ScaleCaption column="6 / 11" align="center" strong>
              ▲ sweet spot
            </ScaleCaption>
            <ScaleCaption column="10 / 12" align="end">
              too easy?
            </ScaleCaption>
          </div>
          {errors.score && (
            <div id={id('scale-error')}>
              <ErrorMessage testId="grade-score-error">{errors.score}</ErrorMessage>
            </div>
          )}
        </Stack>

        <Inline space="space.150" shouldWrap alignBlock="start">
          <Box xcss={column}>
            <Label htmlFor={id('confidence')}>Confidence (optional)</Label>
            <Select<Option>
              inputId={id('confidence')}
              testId="grade-confidence"
              options={CONFIDENCE_OPTIONS}
              value={CONFIDENCE_OPTIONS.find((option) => option.value === confidence) ?? null}
              onChange={(option) => {
                onEdit?.();
                setConfidence(option ? option.value : null);
                setErrors(({ confidence: _cleared, ...rest }) => rest);
              }}
              isClearable
              placeholder="1 to 10"
              menuPlacement="auto"
              aria-describedby={errors.confidence ? id('confidence-error') : undefined}
            />
            {errors.confidence ? (
              <div id={id('confidence-error')}>
                <ErrorMessage testId="grade-confidence-error">{errors.confidence}</ErrorMessage>
              </div>
            ) : (
              <HelperMessage>How sure the team is of reaching the target</HelperMessage>
            )}
          </Box>
          <Box xcss={column}>
            <Label htmlFor={id('value')}>New value (optional)</Label>
            <Textfield
              id={id('value')}
              testId="grade-value"
              value={value}
              onChange={(event) => {
                setValue(event.currentTarget.value);
                setErrors(({ value: _cleared, confidence: _also, ...rest }) => rest);
              }}
              inputMode="decimal"
              autoComplete="off"
              placeholder={String(keyResult.metric.current)}
              isInvalid={Boolean(errors.value)}
              aria-describedby={errors.value ? id('value-error') : undefined}
              elemAfterInput={
                unit ? (
                  <Box paddingInlineEnd="space.100">
                    <Text color="color.text.subtle">{unit}</Text>
                  </Box>
                ) : undefined
              }
            />
            {errors.value ? (
              <div id={id('value-error')}>
                <ErrorMessage testId="grade-value-error">{errors.value}</ErrorMessage>
              </div>
            ) : (
              <HelperMessage>Now {formatValue(keyResult.metric.current, keyResult.metric.unit)}; a new value is recorded as a check-in</HelperMessage>
            )}
          </Box>
        </Inline>

        <Box>
          <Label htmlFor={id('note')}>Note (optional)</Label>
          <Textarea
            id={id('note')}
            testId="grade-note"
            value={note}
            onChange={(event) => {
              setNote(event.currentTarget.value);
              setErrors(({ note: _cleared, ...rest }) => rest);
            }}
            minimumRows={2}
            maxLength={NOTE_MAX}
            isInvalid={Boolean(errors.note)}
            placeholder={existing ? 'Why the grade changed' : 'What the sprint taught us about this Key Result'}
          />
          {errors.note && <ErrorMessage>{errors.note}</ErrorMessage>}
        </Box>

        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Button type="submit" appearance="primary" isLoading={saving} testId="save-grade">
            {existing ? 'Save new grade' : 'Save grade'}
          </Button>
          {onCancel && (
            <Button appearance="subtle" onClick={onCancel} testId="cancel-grade" aria-label={existing ? `Cancel: keep the grade ${formatGrade(existing.score)}` : 'Cancel'}>
              Cancel
            </Button>
          )}
        </Inline>
      </Stack>
    </form>
  );
}

const sweetStep = xcss({
  borderBlockEndWidth: 'border.width.selected',
  borderBlockEndStyle: 'solid',
  borderBlockEndColor: 'color.border.success',
  paddingBlockEnd: 'space.025',
});

/** A word under a stretch of the scale; the buttons' own names carry it for screen readers. */
function ScaleCaption({ column, align, strong = false, children }: { column: string; align: 'start' | 'center' | 'end'; strong?: boolean; children: string }) {
  return (
    <div aria-hidden style={{ gridColumn: column, gridRow: 2, justifySelf: align, whiteSpace: 'nowrap' }}>
      <Text size="small" color={strong ? 'color.text.success' : 'color.text.subtlest'} weight={strong ? 'semibold' : undefined}>
        {children}
      </Text>
    </div>
  );
}
