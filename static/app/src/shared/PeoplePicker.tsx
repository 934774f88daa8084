// Picks people from Jira's user search (as the viewer, at most 20 a search), not only those the data
// already names: an Objective's owner, a project's Product Owners.
import { AsyncSelect } from '@atlaskit/select';
import type { Person } from '../../../../src/contract';
import { call } from './api';

export interface PersonOption {
  label: string;
  value: string;
}

const toOption = (person: Person): PersonOption => ({ label: person.displayName, value: person.accountId });

/** Jira's people whose name starts with what was typed; none until something is typed. */
export async function searchPeopleOptions(input: string): Promise<PersonOption[]> {
  const query = input.trim();
  if (!query) return [];
  const { people } = await call('searchPeople', { query });
  return people.map(toOption);
}

interface CommonProps {
  inputId: string;
  testId: string;
  isDisabled?: boolean;
  /** Offered before anything is typed (the people the page already knows). */
  known: PersonOption[];
  placeholder: string;
}

export function PersonPicker({ value, onChange, ...props }: CommonProps & { value: PersonOption | null; onChange: (value: PersonOption | null) => void }) {
  return (
    <AsyncSelect<PersonOption>
      {...props}
      defaultOptions={props.known}
      loadOptions={searchPeopleOptions}
      cacheOptions
      isClearable
      value={value}
      onChange={(option) => onChange(option ?? null)}
      noOptionsMessage={({ inputValue }) => (inputValue ? `Nobody in Jira matches “${inputValue}”` : 'Type a name to search Jira’s people')}
    />
  );
}

export function PeoplePicker({ value, onChange, ...props }: CommonProps & { value: readonly PersonOption[]; onChange: (value: PersonOption[]) => void }) {
  return (
    <AsyncSelect<PersonOption, true>
      {...props}
      isMulti
      defaultOptions={props.known}
      loadOptions={searchPeopleOptions}
      cacheOptions
      value={value}
      onChange={(options) => onChange([...options])}
      noOptionsMessage={({ inputValue }) => (inputValue ? `Nobody in Jira matches “${inputValue}”` : 'Type a name to search Jira’s people')}
    />
  );
}
