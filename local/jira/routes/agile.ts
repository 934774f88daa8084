// The agile API: boards, a board's configuration and sprints, a sprint.
import { agilePage, agilePaging, BadRequest, jiraError, ok } from '../responses';
import type { StatusRecord } from '../model';
import { param, route, type Call, type Emulated } from './route';

function getBoards({ records, permissions, render }: Emulated, call: Call) {
  const { startAt, maxResults } = agilePaging(call.query);
  let boards = records.data.boards.filter((b) => permissions.canBrowseProject(call.viewer, b.projectKey));
  const projectKeyOrId = call.query.get('projectKeyOrId');
  if (projectKeyOrId !== null) {
    const project = records.project(projectKeyOrId);
    if (!project || !permissions.canBrowseProject(call.viewer, project.key)) throw new BadRequest(400, `No project could be found with key '${projectKeyOrId}'.`);
    boards = boards.filter((b) => b.projectKey === project.key);
  }
  const types = call.query.getAll('type').flatMap((t) => t.split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean);
  for (const t of types) if (!['scrum', 'kanban', 'simple'].includes(t)) throw new BadRequest(400, `The board type '${t}' is not valid.`);
  if (types.length > 0) boards = boards.filter((b) => types.includes(b.type));
  const name = call.query.get('name');
  if (name) boards = boards.filter((b) => b.name.toLowerCase().includes(name.toLowerCase()));
  return ok(agilePage(boards.map((b) => render.boardJson(b)), startAt, maxResults));
}

function getBoardConfiguration({ records, permissions, render }: Emulated, call: Call, boardId: string) {
  const board = permissions.visibleBoard(call.viewer, boardId);
  const project = records.projectOf(board.projectKey);
  const { base, data } = records;
  const statusRef = (s: StatusRecord): Record<string, string> => ({ id: s.id, self: `${base}/rest/api/2/status/${s.id}` });
  const columns = data.statuses.map((s) => ({ name: s.name, statuses: [statusRef(s)] }));
  const estimation = board.estimationFieldId !== undefined ? board.estimationFieldId : board.type === 'scrum' ? data.customFields.storyPoints : null;
  const out: Record<string, unknown> = {
    id: board.id,
    name: board.name,
    type: board.type,
    self: `${base}/rest/agile/1.0/board/${board.id}/configuration`,
    location: { type: 'project', key: project.key, id: project.id, self: `${base}/rest/api/2/project/${project.id}`, name: project.name },
    filter: { id: String(10000 + board.id), self: `${base}/rest/api/2/filter/${10000 + board.id}` },
    columnConfig: { columns, constraintType: 'issueCount' },
    estimation: estimation ? { type: 'field', field: { fieldId: estimation, displayName: render.fieldName(estimation) } } : { type: 'issueCount' },
    ranking: { rankCustomFieldId: Number(data.customFields.rank.replace('customfield_', '')) },
  };
  if (board.type === 'kanban') out.subQuery = { query: 'resolution = EMPTY OR resolution changed after -2w' };
  return ok(out);
}

function getBoardSprints({ records, permissions, render }: Emulated, call: Call, boardId: string) {
  const board = permissions.visibleBoard(call.viewer, boardId);
  if (board.type !== 'scrum') throw new BadRequest(400, 'The board does not support sprints');
  const { startAt, maxResults } = agilePaging(call.query);
  const states = call.query.getAll('state').flatMap((s) => s.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const s of states) if (!['future', 'active', 'closed'].includes(s)) throw new BadRequest(400, `The sprint state '${s}' is not valid. Valid states are: future, active, closed.`);
  const order = { closed: 0, active: 1, future: 2 };
  const sprints = records.data.sprints
    .map((s, position) => ({ s, position }))
    .filter(({ s }) => s.originBoardId === board.id && (states.length === 0 || states.includes(s.state)))
    .sort((a, b) => order[a.s.state] - order[b.s.state] || a.position - b.position)
    .map(({ s }) => render.sprintJson(s));
  return ok(agilePage(sprints, startAt, maxResults));
}

function getSprint({ permissions, render }: Emulated, call: Call, sprintId: string) {
  const id = Number(sprintId);
  const sprint = permissions.visibleSprints(call.viewer).find((s) => s.id === id);
  if (!sprint) return jiraError(404, `Sprint with id ${sprintId} does not exist or you do not have permission to see it.`);
  return ok(render.sprintJson(sprint));
}

export const AGILE_ROUTES = [
  route('GET', '/rest/agile/1.0/board', getBoards),
  route('GET', '/rest/agile/1.0/board/{boardId}', (jira, call, p) => ok(jira.render.boardJson(jira.permissions.visibleBoard(call.viewer, param(p, 0))))),
  route('GET', '/rest/agile/1.0/board/{boardId}/configuration', (jira, call, p) => getBoardConfiguration(jira, call, param(p, 0))),
  route('GET', '/rest/agile/1.0/board/{boardId}/sprint', (jira, call, p) => getBoardSprints(jira, call, param(p, 0))),
  route('GET', '/rest/agile/1.0/sprint/{sprintId}', (jira, call, p) => getSprint(jira, call, param(p, 0))),
];
