// One Key Result at the sprint review: where it stood when the sprint closed and where it stands now,
// the sprint's work as evidence, its grade (and the grades a correction replaced), and the grading form.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { ToCheckIn } from '../okrs/KeyResultRow';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useCallback, useRef, useState } from 'react';
import type { Grade, IssueSummary, KeyResultView, ReviewedKeyResult } from '../../../../../src/contract';
import { formatDate, formatShare, formatValue } from '../../shared/format';
import { IssueKeyLine } from '../IssueKeyLine';
import { bareList } from '../okrs/styles';
import { GradeBadge } from './GradeBadge';
import { GradeForm, type GradePayload } from './GradeForm';
import { formatGrade } from './gradeText';

interface Props {
  sprintId: number;
  keyResult: ReviewedKeyResult;
  /** The graders' names: the review's own, the page's, and the viewer's. */
  nameOf: (accountId: string) => string;
  onSaved: (payload: GradePayload, saved: KeyResultView) => void;
  onReload: () => void;
  /** Its form holds something typed or chosen and not saved (true), or no longer does (false). */
  onEditing: (editing: boolean) => void;
}

const card = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.large',
  backgroundColor: 'elevation.surface',
  padding: 'space.200',
});
const gradedCard = xcss({ borderColor: 'color.border.success' });
const half = xcss({ flexGrow: 1, flexShrink: 1, flexBasis: '240px', minWidth: '0' });

export function ReviewedKeyResultCard({ sprintId, keyResult, nameOf, onSaved, onReload, onEditing }: Props) {
  const grade = keyResult.grade;
  const [correcting, setCorrecting] = useState(false);
  // The form's Save button goes away with a save: focus lands on what takes its place when it appears.
  const focusChangeButton = useRef(false);
  const changeButton = useCallback((button: HTMLButtonElement | null) => {
    if (button && focusChangeButton.current) {
      focusChangeButton.current = false;
      button.focus();
    }
  }, []);
  const titleId = `review-kr-title-${keyResult.id}`;

  return (
    <Box
      as="li"
      testId={`review-kr-${keyResult.id}`}
      data-graded={grade ? 'true' : 'false'}
      aria-labelledby={titleId}
      xcss={grade ? [card, gradedCard] : card}
    >
      <Stack space="space.150">
        <Inline space="space.100" alignBlock="start" spread="space-between" shouldWrap>
          <Stack space="space.025">
            <Heading as="h3" size="xsmall" id={titleId}>
              {keyResult.title}
            </Heading>
            <Text size="small" color="color.text.subtle" testId="review-kr-objective">
              Objective: {keyResult.objective.title}
            </Text>
          </Stack>
          <Inline space="space.100" alignBlock="center">
            {keyResult.stale && <ToCheckIn days={keyResult.daysWithoutCheckIn} />}
            {grade ? <GradeBadge score={grade.score} cycleClosed={false} testId="review-kr-grade" /> : <Lozenge>Not graded</Lozenge>}
          </Inline>
        </Inline>

        <Movement keyResult={keyResult} />
        <Evidence keyResult={keyResult} />

        {grade && <GradeSummary grade={grade} unit={keyResult.metric.unit} nameOf={nameOf} />}
        {keyResult.corrections.length > 0 && <EarlierGrades grades={keyResult.corrections} nameOf={nameOf} />}

        {!keyResult.canGrade ? (
          <Text size="small" color="color.text.subtle" testId="cannot-grade">
            {grade ? '' : 'Not graded yet. '}
            {keyResult.objective.ownerAccountId
              ? `Only a Product Owner or the owner of “${keyResult.objective.title}” can grade this Key Result.`
              : 'Only a Product Owner can grade this Key Result.'}
          </Text>
        ) : grade && !correcting ? (
          <Box>
            <Button ref={changeButton} spacing="compact" testId="change-grade" aria-label={`Change the grade of “${keyResult.title}”`} onClick={() => setCorrecting(true)}>
              Change grade
            </Button>
          </Box>
        ) : (
          <GradeForm
            // A new form after each save: it starts from the grade just saved.
            key={grade ? `${grade.at}-${grade.score}` : 'new'}
            sprintId={sprintId}
            keyResult={keyResult}
            onCancel={
              grade
                ? () => {
                    setCorrecting(false);
                    onEditing(false);
                    focusChangeButton.current = true;
                  }
                : undefined
            }
            onReload={onReload}
            onEdit={() => onEditing(true)}
            onSaved={(payload, saved) => {
              setCorrecting(false);
              onEditing(false);
              focusChangeButton.current = true;
              onSaved(payload, saved);
            }}
          />
        )}
      </Stack>
    </Box>
  );
}

/** "Value at close 45% → now 52% · progress 60% → 70%". */
function Movement({ keyResult }: { keyResult: ReviewedKeyResult }) {
  const { metric, atClose } = keyResult;
  const moved = atClose.value !== metric.current;
  return (
    <Inline space="space.200" alignBlock="baseline" shouldWrap testId="review-kr-values">
      <Text>
        <Text color="color.text.subtle">Value at close </Text>
        <Text weight="semibold">{formatValue(atClose.value, metric.unit)}</Text>
        <Text color="color.text.subtle"> → now </Text>
        <Text weight="semibold">{formatValue(metric.current, metric.unit)}</Text>
        {!moved && <Text color="color.text.subtlest"> (unchanged)</Text>}
      </Text>
      <Text size="small" color="color.text.subtle">
        Progress {formatShare(atClose.progress)} at close, {formatShare(keyResult.progress)} now · target {formatValue(metric.target, metric.unit)}
      </Text>
    </Inline>
  );
}

/** The sprint's work serving the Key Result, by its status when the sprint closed. */
function Evidence({ keyResult }: { keyResult: ReviewedKeyResult }) {
  const { done, notDone } = keyResult.evidence;
  if (done.length === 0 && notDone.length === 0) {
    return (
      <Text size="small" color="color.text.subtlest" testId="review-evidence" data-done={0} data-not-done={0}>
        No linked work in this sprint
      </Text>
    );
  }
  return (
    <Inline space="space.200" alignBlock="start" shouldWrap testId="review-evidence" data-done={done.length} data-not-done={notDone.length}>
      <IssueList title={`Done at close (${done.length})`} issues={done} testId="evidence-done" />
      <IssueList title={`Not done at close (${notDone.length})`} issues={notDone} testId="evidence-not-done" />
    </Inline>
  );
}

function IssueList({ title, issues, testId }: { title: string; issues: IssueSummary[]; testId: string }) {
  return (
    <Stack space="space.050" xcss={half} testId={testId}>
      <Text size="small" weight="semibold" color="color.text.subtle">
        {title}
      </Text>
      {issues.length === 0 ? (
        <Text size="small" color="color.text.subtlest">
          None
        </Text>
      ) : (
        <Stack as="ul" space="space.025" xcss={bareList} aria-label={title}>
          {issues.map((issue) => (
            <Box as="li" key={issue.key} testId="evidence-issue" data-issue-key={issue.key}>
              <IssueKeyLine issue={issue} newTab space="space.075" alignBlock="baseline" />
            </Box>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** "Graded 0.7 · confidence 7/10 · at 52% · Priya Natarajan, 12 Nov 2026", and the note. */
function GradeSummary({ grade, unit, nameOf }: { grade: Grade; unit: string | undefined; nameOf: (accountId: string) => string }) {
  return (
    <Stack space="space.025" testId="grade-summary">
      <Inline space="space.100" alignBlock="baseline" shouldWrap>
        <Text>
          Graded{' '}
          <Text weight="bold" testId="current-grade">
            {formatGrade(grade.score)}
          </Text>
        </Text>
        <Text size="small" color="color.text.subtle">
          {gradeDetails(grade, unit, nameOf)}
        </Text>
      </Inline>
      {grade.note && (
        <Text size="small" testId="grade-note-text">
          “{grade.note}”
        </Text>
      )}
    </Stack>
  );
}

function gradeDetails(grade: Grade, unit: string | undefined, nameOf: (accountId: string) => string): string {
  return [
    grade.confidence !== undefined ? `confidence ${grade.confidence}/10` : null,
    `at ${formatValue(grade.value, unit)}`,
    `${nameOf(grade.accountId)}, ${formatDate(grade.at)}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The grades of this sprint that a correction replaced, oldest first. */
function EarlierGrades({ grades, nameOf }: { grades: Grade[]; nameOf: (accountId: string) => string }) {
  return (
    <Stack space="space.025" testId="earlier-grades">
      <Text size="small" weight="semibold" color="color.text.subtle">
        Earlier grades
      </Text>
      <Stack as="ul" space="space.025" xcss={bareList} aria-label="Earlier grades, oldest first">
        {grades.map((grade, index) => (
          <Box as="li" key={`${grade.at}-${index}`} testId="earlier-grade" data-grade={grade.score}>
            <Text size="small" color="color.text.subtle">
              <Text size="small" weight="semibold" color="color.text.subtle">
                {formatGrade(grade.score)}
              </Text>
              {' · '}
              {nameOf(grade.accountId)}, {formatDate(grade.at)}
              {grade.note ? ` — “${grade.note}”` : ''}
            </Text>
          </Box>
        ))}
      </Stack>
    </Stack>
  );
}
