import type { CallErrorCode, ResolverCallError } from '../../shared/api';
import { formFieldName, sortSaveError, submitErrors } from './saveErrors';

// Built by hand: importing api.ts would start Forge's bridge, which needs Jira around it.
function refusal(code: CallErrorCode, message: string, field?: string): ResolverCallError {
  return Object.assign(new Error(message), { name: 'ResolverCallError' as const, code, field });
}

const KEY_RESULT_FIELDS = { target: 'target', title: 'title' };

test('a refusal of one field lands under that field, by the form’s name for it', () => {
  const error = refusal('VALIDATION', 'Target must be a number.', 'keyResult.metric.target');
  expect(sortSaveError(error, 'keyResult', KEY_RESULT_FIELDS)).toEqual({ kind: 'field', name: 'target', message: 'Target must be a number.' });
  const owner = refusal('VALIDATION', 'Nobody with that account.', 'objective.ownerAccountId');
  expect(sortSaveError(owner, 'objective', { ownerAccountId: 'owner' })).toEqual({ kind: 'field', name: 'owner', message: 'Nobody with that account.' });
});

test('an item of a list lands under the list', () => {
  const error = refusal('VALIDATION', 'Key Result kr-9 is not a Key Result of GYM.', 'keyResultIds.3');
  expect(sortSaveError(error, '', { keyResultIds: 'keyResults' })).toMatchObject({ kind: 'field', name: 'keyResults' });
});

test('a field the form does not show, a conflict and the OKR limit are said above the fields', () => {
  const hidden = refusal('VALIDATION', 'Unknown cycle.', 'objective.cycleId');
  expect(sortSaveError(hidden, 'objective', KEY_RESULT_FIELDS)).toEqual({ kind: 'general', error: hidden });
  expect(sortSaveError(refusal('CONFLICT', 'Changed meanwhile.'), 'keyResult', KEY_RESULT_FIELDS)).toEqual({ kind: 'conflict', message: 'Changed meanwhile.' });
  expect(sortSaveError(refusal('LIMIT', '3 of 3 in process.', 'objective.status'), 'objective', KEY_RESULT_FIELDS)).toEqual({
    kind: 'limit',
    message: '3 of 3 in process.',
  });
});

test('field names lose the edited object and the metric', () => {
  expect(formFieldName('keyResult.metric.target', 'keyResult')).toBe('target');
  expect(formFieldName('objective.title', 'objective')).toBe('title');
  expect(formFieldName('reason', 'objective')).toBe('reason');
});

test('submit errors nest as final-form reads them', () => {
  expect(submitErrors('title', 'Title is required.')).toEqual({ title: 'Title is required.' });
  expect(submitErrors('metric.target', 'Too big.')).toEqual({ metric: { target: 'Too big.' } });
});
