import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textarea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { SettingsPageData } from '../../../../src/contract';
import { AlignmentPicker, type AlignmentOption } from '../project-page/upward/AlignmentPicker';
import { call, toResolverCallError, type ResolverCallError } from '../shared/api';
import { PeoplePicker, type PersonOption } from '../shared/PeoplePicker';

interface Option<T> {
  label: string;
  value: T;
}

const MONTHS: Option<number>[] = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'].map(
  (label, i) => ({ label, value: i + 1 }),
);
/** The check-in reminder's bounds, as the server checks them: at least a day, at most a quarter. */
const REMINDER_MIN_DAYS = 1;
const REMINDER_MAX_DAYS = 90;
/** The Product Goal's length, as the server checks it (the contract's PRODUCT_GOAL_MAX_LENGTH: the UI imports only its types). */
const PRODUCT_GOAL_MAX_LENGTH = 500;
/** The board chosen by default: the project's first Scrum board, as the project page reads it. */
const FIRST_BOARD = 0;

interface Props {
  data: SettingsPageData;
  onSaved: () => void;
}

/** The limit, the board, the fiscal year, the check-in reminder and the Product Owners: saved together, checked again on the server. */
export function SettingsForm({ data, onSaved }: Props) {
  const { settings, boards, canEdit } = data;
  const [limit, setLimit] = useState(String(settings.okrLimit));
  const [boardId, setBoardId] = useState<number>(settings.boardId ?? FIRST_BOARD);
  const [month, setMonth] = useState(settings.fiscalYearStartMonth);
  const [reminder, setReminder] = useState(String(settings.staleCheckInDays));
  const named = settings.productOwnerAccountIds.map((accountId) => ({ value: accountId, label: data.people[accountId] ?? 'Someone Jira does not show you' }));
  const [productOwners, setProductOwners] = useState<PersonOption[]>(named);
  const [goalText, setGoalText] = useState(settings.productGoal?.text ?? '');
  const [goalServes, setGoalServes] = useState<AlignmentOption | null>(settings.productGoal?.servesOrgObjectiveId ? { value: settings.productGoal.servesOrgObjectiveId, label: 'Current organization Objective' } : null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ saved: true } | { error: ResolverCallError } | null>(null);

  const firstBoard = boards.find((board) => board.id === data.defaultBoardId);
  const boardOptions: Option<number>[] = [
    { value: FIRST_BOARD, label: firstBoard ? `The first Scrum board (${firstBoard.name})` : 'The first Scrum board' },
    ...boards.map((board) => ({ value: board.id, label: board.name })),
  ];
  const limitNumber = Number(limit);
  const limitProblem = Number.isInteger(limitNumber) && limitNumber >= 1 && limitNumber <= 20 ? null : 'Enter a whole number from 1 to 20.';
  const reminderNumber = Number(reminder);
  const reminderProblem =
    reminder.trim() !== '' && Number.isInteger(reminderNumber) && reminderNumber >= REMINDER_MIN_DAYS && reminderNumber <= REMINDER_MAX_DAYS
      ? null
      : `Enter a whole number of days from ${REMINDER_MIN_DAYS} to ${REMINDER_MAX_DAYS}.`;
  const serverProblem = (field: string) => (outcome && 'error' in outcome && outcome.error.field === field ? outcome.error.message : null);

  const save = async () => {
    if (limitProblem || reminderProblem) return;
    setSaving(true);
    setOutcome(null);
    try {
      const owners = productOwners.map((person) => person.value);
      const ownersChanged = owners.join() !== settings.productOwnerAccountIds.join();
      const text = goalText.trim();
      // An emptied goal is cleared; one never set stays unset.
      const productGoal = text ? { text, ...(goalServes ? { servesOrgObjectiveId: goalServes.value } : {}) } : settings.productGoal ? null : undefined;
      await call('saveSettings', {
        expectedVersion: settings.version,
        okrLimit: limitNumber,
        fiscalYearStartMonth: month,
        staleCheckInDays: reminderNumber,
        ...(boardId !== FIRST_BOARD ? { boardId } : {}),
        ...(ownersChanged ? { productOwnerAccountIds: owners } : {}),
        ...(productGoal !== undefined ? { productGoal } : {}),
      });
      setOutcome({ saved: true });
      onSaved();
    } catch (error) {
      setOutcome({ error: toResolverCallError(error) });
    } finally {
      setSaving(false);
    }
  };

  const general = outcome && 'error' in outcome && !['okrLimit', 'boardId', 'fiscalYearStartMonth', 'staleCheckInDays', 'productOwnerAccountIds', 'productGoal.text', 'productGoal.servesOrgObjectiveId'].includes(outcome.error.field ?? '') ? outcome.error : null;
  const limitError = (limit !== String(settings.okrLimit) || outcome ? limitProblem : null) ?? serverProblem('okrLimit');
  const reminderError = (reminder !== String(settings.staleCheckInDays) || outcome ? reminderProblem : null) ?? serverProblem('staleCheckInDays');
  return (
    <Box as="section" testId="settings-form" aria-labelledby="settings-form-heading">
      <Stack space="space.200">
        <Heading size="medium" as="h2" id="settings-form-heading">
          How the team works
        </Heading>
        <Stack space="space.050">
          <Label htmlFor="okr-limit">OKRs in process</Label>
          <Textfield
              id="okr-limit"
              testId="okr-limit"
              type="number"
              min={1}
              max={20}
              width="small"
              value={limit}
              isDisabled={!canEdit}
              isInvalid={limitError !== null}
              onChange={(event) => setLimit(event.currentTarget.value)}
            />
          {limitError ? (
            <ErrorMessage testId="okr-limit-error">{limitError}</ErrorMessage>
          ) : (
            <HelperMessage>
              The most Objectives the team works on at once in a cycle. Making one more active needs a written reason, which the history keeps and the project page shows.
            </HelperMessage>
          )}
        </Stack>
        <Stack space="space.050">
          <Label htmlFor="board-select">Board</Label>
          <Select<Option<number>>
            inputId="board-select"
            testId="board-select"
            options={boardOptions}
            value={boardOptions.find((option) => option.value === boardId) ?? null}
            isDisabled={!canEdit}
            onChange={(option) => setBoardId(option?.value ?? FIRST_BOARD)}
          />
          {serverProblem('boardId') ? (
            <ErrorMessage>{serverProblem('boardId')}</ErrorMessage>
          ) : (
            <HelperMessage>
              {boards.length === 0 ? 'This project has no Scrum board yet: create one in Jira, then choose it here.' : 'The Scrum board whose sprints, Sprint Goals and backlog Outcomes reads.'}
            </HelperMessage>
          )}
        </Stack>
        <Stack space="space.050">
          <Label htmlFor="fiscal-year-start">Fiscal year starts in</Label>
          <Select<Option<number>>
            inputId="fiscal-year-start"
            testId="fiscal-year-start"
            options={MONTHS}
            value={MONTHS.find((option) => option.value === month) ?? null}
            isDisabled={!canEdit}
            onChange={(option) => setMonth(option?.value ?? 1)}
          />
          <HelperMessage>OKR cycles are quarters counted from this month; a fiscal year is named after the calendar year it starts in.</HelperMessage>
        </Stack>
        <Stack space="space.050">
          <Label htmlFor="check-in-reminder">Check-in reminder (days)</Label>
          <Textfield
            id="check-in-reminder"
            testId="check-in-reminder"
            type="number"
            min={REMINDER_MIN_DAYS}
            max={REMINDER_MAX_DAYS}
            width="small"
            value={reminder}
            isDisabled={!canEdit}
            isInvalid={reminderError !== null}
            aria-describedby="check-in-reminder-message"
            onChange={(event) => setReminder(event.currentTarget.value)}
          />
          <Box id="check-in-reminder-message">
            {reminderError ? (
              <ErrorMessage testId="check-in-reminder-error">{reminderError}</ErrorMessage>
            ) : (
              <HelperMessage testId="check-in-reminder-help">
                How many days a Key Result may go without a check-in. After that it is marked “To check in” on the project page and on the dashboard gadget, and listed at the top of the Sprint Review. From 1 to 90; 14 unless changed.
              </HelperMessage>
            )}
          </Box>
        </Stack>
        <Stack space="space.050">
          <Label htmlFor="product-owners">Product Owners</Label>
          <PeoplePicker
            inputId="product-owners"
            testId="product-owners-picker"
            known={named}
            value={productOwners}
            isDisabled={!canEdit}
            placeholder="Search Jira’s people"
            onChange={(people) => setProductOwners(people.slice(0, 20))}
          />
          {serverProblem('productOwnerAccountIds') ? (
            <ErrorMessage>{serverProblem('productOwnerAccountIds')}</ErrorMessage>
          ) : (
            <HelperMessage>
              {data.rights.write.source === 'scheme'
                ? 'The permission scheme grants Write OKRs and Grade Key Results, so these names give no rights: they are shown on the project page as the Product Owners.'
                : 'With the project admins, they write and grade OKRs while the permission scheme grants neither right to anyone (at most 20).'}
            </HelperMessage>
          )}
        </Stack>
        <Stack space="space.050">
          <Label htmlFor="product-goal">Product Goal</Label>
          <Textarea
            id="product-goal"
            testId="product-goal-text"
            minimumRows={2}
            maxLength={PRODUCT_GOAL_MAX_LENGTH}
            value={goalText}
            isDisabled={!canEdit}
            onChange={(event) => setGoalText(event.currentTarget.value)}
          />
          {serverProblem('productGoal.text') ? (
            <ErrorMessage>{serverProblem('productGoal.text')}</ErrorMessage>
          ) : (
            <HelperMessage>The goal the team rallies around, shown above its OKRs on the project page (at most 500 characters; empty: none).</HelperMessage>
          )}
        </Stack>
        <Stack space="space.050">
          <Label htmlFor="product-goal-serves">The Product Goal serves (organization Objective)</Label>
          {canEdit ? (
            <AlignmentPicker kind="objective" inputId="product-goal-serves" value={goalServes} onChange={setGoalServes} />
          ) : (
            <Text>{goalServes ? 'An organization Objective' : 'None'}</Text>
          )}
          {serverProblem('productGoal.servesOrgObjectiveId') ? (
            <ErrorMessage>{serverProblem('productGoal.servesOrgObjectiveId')}</ErrorMessage>
          ) : (
            <HelperMessage>Optional. When every active Objective serves it too, the project page shows the team as dedicated to it.</HelperMessage>
          )}
        </Stack>
        {general && (
          <SectionMessage appearance="error" testId="settings-save-error" title="The settings were not saved">
            <Text as="p">{general.message}</Text>
          </SectionMessage>
        )}
        {canEdit && (
          <Inline space="space.150" alignBlock="center">
            <Button appearance="primary" testId="save-settings" isLoading={saving} isDisabled={limitProblem !== null || reminderProblem !== null} onClick={() => void save()}>
              Save settings
            </Button>
            {outcome && 'saved' in outcome && (
              <Text testId="settings-saved" color="color.text.success">
                Saved. The change is in the project’s history.
              </Text>
            )}
          </Inline>
        )}
      </Stack>
    </Box>
  );
}
