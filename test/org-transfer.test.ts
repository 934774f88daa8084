// Export and import of the organization's OKRs through the real handler, from the organization page:
// the file round-trips into a fresh site; a bad file, an id a team holds, a change since the preview
// and a caller without Manage organization OKRs change nothing; a large import that stops part-way
// says so and is finished by importing the same file again. A team's export holds its own data only:
// its alignment to the organization is kept as ids, and survives an import into a site without them.
import { DEMO_TODAY } from '../local/jira/demo-data';
import type { DataOf, OrgExport } from '../src/contract';
import { ensureSchema } from '../src/store/migrations';
import { pinClock } from './support/fixture';
import { dataOf, type DemoUser, startPlatform, type TestPlatform } from './support/platform';
import { must } from './support/must';

beforeAll(() => pinClock(DEMO_TODAY));
afterAll(() => jest.useRealTimers());

const platforms: TestPlatform[] = [];
/** A fresh site; one Forge runtime runs at a time, so the site before it closes (its data stays with the test). */
function site(): TestPlatform {
  for (const open of platforms.splice(0)) open.close();
  const platform = startPlatform();
  platforms.push(platform);
  return platform;
}
afterEach(() => {
  for (const platform of platforms.splice(0)) platform.close();
});

type OrgFile = OrgExport & Record<'objectives' | 'keyResults' | 'changes', Array<Record<string, unknown>>> & { settings: unknown };
const LISTS = ['objectives', 'keyResults', 'changes'] as const;
const TRANSACTION = '/api/v1/transaction';
const nps = { direction: 'increase', start: 21, target: 45, current: 21 } as const;

/** Every page of the organization's export, joined, as `user` reads it. */
async function exportAll(platform: TestPlatform, user: DemoUser = 'elena'): Promise<OrgFile> {
  const pages: Array<DataOf<'exportOrganization'>> = [];
  let cursor: string | undefined;
  do {
    const page = dataOf(await platform.onOrganizationPage(user, 'exportOrganization', cursor ? { cursor } : {}));
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  const { nextCursor: _last, ...first } = must(pages[0], 'the first page');
  const file = { ...first } as OrgFile;
  for (const list of LISTS) file[list] = pages.flatMap((page) => page[list] as Array<Record<string, unknown>>);
  return file;
}

const withoutDate = ({ exportedAt: _at, ...file }: OrgFile) => file;

/** An organization with a yearly and a quarterly Objective, Key Results with check-ins, a grade, and its own fiscal year. */
async function seedOrganization(platform: TestPlatform, objectives = 2, keyResultsEach = 2): Promise<{ objectiveIds: string[]; keyResultIds: string[] }> {
  dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationSettings', { fiscalYearStartMonth: 1, expectedVersion: 0 }));
  const objectiveIds: string[] = [];
  const keyResultIds: string[] = [];
  for (let o = 0; o < objectives; o++) {
    const objective = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId: o % 2 === 0 ? '2026' : '2026-Q4', title: `Organization Objective ${o + 1}`, status: 'active' } }));
    objectiveIds.push(objective.id);
    for (let k = 0; k < keyResultsEach; k++) {
      const keyResult = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: objective.id, title: `Key Result ${o + 1}.${k + 1}`, metric: nps } }));
      keyResultIds.push(keyResult.id);
    }
  }
  const first = must(keyResultIds[0], 'a Key Result');
  dataOf(await platform.onOrganizationPage('elena', 'checkInOrganizationKeyResult', { keyResultId: first, value: 30, confidence: 6, note: 'Autumn survey' }));
  dataOf(await platform.onOrganizationPage('elena', 'gradeOrganizationKeyResult', { keyResultId: first, score: 0.4, note: 'Short of it' }));
  return { objectiveIds, keyResultIds };
}

describe('the round trip', () => {
  it('imports an export into a fresh site and exports the same file again; the import is in the history, not in the file', async () => {
    const source = site();
    await seedOrganization(source);
    const file = await exportAll(source);
    expect(file).toMatchObject({ format: 'outcomes-org-okr-export', scope: 'organization', settings: { fiscalYearStartMonth: 1, version: 1 } });
    expect(file.objectives).toHaveLength(2);
    expect(file.keyResults).toHaveLength(4);
    expect(file.keyResults.some((keyResult) => (keyResult.checkIns as unknown[]).length === 1 && (keyResult.lastGrade as { score: number }).score === 0.4)).toBe(true);
    expect(file.changes.length).toBeGreaterThanOrEqual(8);
    // Readable by everyone who reads the organization's OKRs, whatever their projects.
    expect(withoutDate(await exportAll(source, 'oscar'))).toEqual(withoutDate(file));

    const target = site();
    const preview = dataOf(await target.onOrganizationPage('elena', 'previewOrganizationImport', { data: file }));
    expect(preview).toMatchObject({
      valid: true,
      problemCount: 0,
      basis: expect.stringMatching(/^[0-9a-f]{64}$/),
      changes: { settings: 'added', objectives: { added: 2, changed: 0, removed: 0 }, keyResults: { added: 4 }, checkIns: { added: 1 }, history: { added: file.changes.length }, teamContributionsLeft: 0 },
    });
    const done = dataOf(await target.onOrganizationPage('elena', 'importOrganization', { data: file, basis: preview.basis }));
    expect(done).toEqual({ objectives: 2, keyResults: 4, changes: file.changes.length, written: 1 + 2 + 4 + file.changes.length, unchanged: 0 });
    expect(withoutDate(await exportAll(target))).toEqual(withoutDate(file));
    const page = dataOf(await target.onOrganizationPage('kofi', 'getOrganizationOkrs'));
    expect(page.objectives.map((objective) => objective.title)).toEqual(['Organization Objective 1']);
    expect(must(page.objectives[0], 'the Objective').keyResults.map((keyResult) => keyResult.lastGrade ?? null).sort()).toEqual([0.4, null]);

    // Importing it again writes nothing but its own record.
    expect(dataOf(await target.onOrganizationPage('elena', 'importOrganization', { data: file }))).toMatchObject({ written: 0, unchanged: 1 + 2 + 4 + file.changes.length });
    expect(withoutDate(await exportAll(target))).toEqual(withoutDate(file));
  });

  it('replaces by id: a record the file lacks goes, one it has is restored as the file has it', async () => {
    const platform = site();
    const { objectiveIds } = await seedOrganization(platform);
    const file = await exportAll(platform);
    // After the export: one Objective renamed, one added.
    const renamed = must(file.objectives[0], 'an Objective');
    const current = dataOf(await platform.onOrganizationPage('elena', 'getOrganizationOkrs', { cycleId: String(renamed.cycleId) }));
    const shown = must(current.objectives.find((objective) => objective.id === renamed.id), 'the renamed one');
    dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { id: shown.id, cycleId: shown.cycleId, title: 'Renamed', status: 'active' }, expectedVersion: shown.version }));
    const added = dataOf(await platform.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2026', title: 'Added later', status: 'draft' } }));
    const preview = dataOf(await platform.onOrganizationPage('elena', 'previewOrganizationImport', { data: file }));
    expect(preview.changes).toMatchObject({ objectives: { added: 0, changed: 1, removed: 1, unchanged: 1 }, settings: 'unchanged' });
    dataOf(await platform.onOrganizationPage('elena', 'importOrganization', { data: file, basis: preview.basis }));
    expect(withoutDate(await exportAll(platform))).toEqual(withoutDate(file));
    expect(objectiveIds).toContain(renamed.id);
    expect((await exportAll(platform)).objectives.map((objective) => objective.id)).not.toContain(added.id);
  });

  it('takes a file larger than one request in parts, then applies it whole', async () => {
    const source = site();
    await seedOrganization(source);
    const file = await exportAll(source);
    const text = JSON.stringify(file);
    const parts = [text.slice(0, 1000), text.slice(1000, 2500), text.slice(2500)];
    const target = site();
    // Forge takes at most 4 MB a transaction: the import's are measured as they are sent.
    const sent: number[] = [];
    const handle = target.kvs.handle.bind(target.kvs);
    jest.spyOn(target.kvs, 'handle').mockImplementation((path: string, body: unknown) => {
      if (path === TRANSACTION) sent.push(Buffer.byteLength(JSON.stringify(body), 'utf8'));
      return handle(path, body);
    });
    const begun = dataOf(await target.onOrganizationPage('elena', 'importOrganizationInParts', { phase: 'begin', parts: parts.length }));
    const importId = 'importId' in begun ? begun.importId : '';
    for (const [index, part] of parts.entries()) dataOf(await target.onOrganizationPage('elena', 'importOrganizationInParts', { phase: 'part', importId, index, text: part }));
    const preview = dataOf(await target.onOrganizationPage('elena', 'previewOrganizationImport', { importId }));
    expect(preview).toMatchObject({ valid: true, changes: { objectives: { added: 2 } } });
    // Someone else's import id, or a project's, is not found here.
    expect(await target.onOrganizationPage('elena', 'previewOrganizationImport', { importId: 'no-such-import' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'importId' } });
    expect(dataOf(await target.onOrganizationPage('elena', 'importOrganizationInParts', { phase: 'finish', importId, basis: preview.basis }))).toMatchObject({ objectives: 2, keyResults: 4 });
    expect(withoutDate(await exportAll(target))).toEqual(withoutDate(file));
    // The parts are gone once applied.
    expect(await target.onOrganizationPage('elena', 'importOrganizationInParts', { phase: 'finish', importId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('a file that cannot be imported changes nothing', () => {
  const broken: Array<[string, (file: OrgFile) => unknown, string, RegExp]> = [
    ['not an object', () => [1, 2], '', /expected a JSON object/],
    ['another format', (file) => ({ ...file, format: 'something-else' }), 'format', /format must be "outcomes-org-okr-export"/],
    ['another schema version', (file) => ({ ...file, schemaVersion: 999 }), 'schemaVersion', /schema version 999/],
    ['a Key Result whose Objective is not in the file', (file) => ({ ...file, objectives: file.objectives.slice(1) }), 'keyResults', /which is not in this export/],
    ['an Objective twice', (file) => ({ ...file, objectives: [...file.objectives, file.objectives[0]] }), 'objectives[2].id', /appears twice/],
    ['a blank title', (file) => ({ ...file, objectives: file.objectives.map((o, i) => (i === 0 ? { ...o, title: ' ' } : o)) }), 'objectives[0].title', /must not be empty/],
    ['a field the format does not know', (file) => ({ ...file, teams: [] }), 'teams', /not a field this format knows/],
    ['a team’s change', (file) => ({ ...file, changes: file.changes.map((c, i) => (i === 0 ? { ...c, projectKey: 'GYM' } : c)) }), 'changes[0].projectKey', /organization/],
    ['a Key Result in another cycle than its Objective', (file) => ({ ...file, keyResults: file.keyResults.map((k, i) => (i === 0 ? { ...k, cycleId: '2025' } : k)) }), 'keyResults[0].cycleId', /the cycle of its Objective/],
  ];

  it.each(broken)('refuses %s with the field at fault, and the preview lists it', async (_name, breakFile, field, message) => {
    const source = site();
    await seedOrganization(source);
    const file = await exportAll(source);
    const target = site();
    await seedOrganization(target, 1, 1);
    const before = target.kvs.snapshot();
    const answer = await target.onOrganizationPage('elena', 'importOrganization', { data: breakFile(file) });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(message) } });
    if (!answer.ok) expect(answer.error.field ?? '').toContain(field ? `data.${field}`.replace(/\.$/, '') : 'data');
    const preview = dataOf(await target.onOrganizationPage('elena', 'previewOrganizationImport', { data: breakFile(file) }));
    expect(preview.valid).toBe(false);
    expect(preview.problems.map((problem) => problem.message).join('\n')).toMatch(message);
    expect(target.kvs.snapshot()).toBe(before);
  });

  it('tells a team’s export apart, and the team’s import tells the organization’s apart', async () => {
    const platform = site();
    await seedOrganization(platform);
    const orgFile = await exportAll(platform);
    const teamFile = dataOf(await platform.onProjectPage('priya', 'exportData'));
    const before = platform.kvs.snapshot();
    expect(await platform.onOrganizationPage('elena', 'importOrganization', { data: teamFile })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'data.format', message: expect.stringContaining('team’s export of project GYM') } });
    expect(await platform.onProjectPage('priya', 'importData', { data: orgFile })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'data.format', message: expect.stringContaining('organization’s export') } });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses an id a team’s records hold', async () => {
    const platform = site();
    await seedOrganization(platform, 1, 1);
    const file = await exportAll(platform);
    const team = dataOf(await platform.onProjectPage('priya', 'saveObjective', { objective: { cycleId: '2026-Q4', title: 'Members train with a plan', status: 'draft' } }));
    const clashing = { ...file, objectives: file.objectives.map((objective) => ({ ...objective, id: team.id })), keyResults: file.keyResults.map((keyResult) => ({ ...keyResult, objectiveId: team.id })) };
    const before = platform.kvs.snapshot();
    expect(await platform.onOrganizationPage('elena', 'importOrganization', { data: clashing })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'data.objectives[0].id', message: expect.stringContaining('already used by a team’s OKRs') } });
    expect(dataOf(await platform.onOrganizationPage('elena', 'previewOrganizationImport', { data: clashing }))).toMatchObject({ valid: false, problems: [{ field: 'objectives[0].id' }] });
    expect(platform.kvs.snapshot()).toBe(before);
  });

  it('refuses the import when the organization’s OKRs changed since its preview', async () => {
    const platform = site();
    const { objectiveIds } = await seedOrganization(platform);
    const file = await exportAll(platform);
    const preview = dataOf(await platform.onOrganizationPage('elena', 'previewOrganizationImport', { data: { ...file, objectives: file.objectives.map((o) => ({ ...o, title: `${String(o.title)} (restored)` })) } }));
    dataOf(await platform.onOrganizationPage('elena', 'checkInOrganizationKeyResult', { keyResultId: must(file.keyResults[1], 'a Key Result').id, value: 25, confidence: 5 }));
    const before = platform.kvs.snapshot();
    expect(await platform.onOrganizationPage('elena', 'importOrganization', { data: file, basis: preview.basis })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('since this file was checked') } });
    expect(platform.kvs.snapshot()).toBe(before);
    expect(objectiveIds).toHaveLength(2);
  });
});

describe('who may export and import', () => {
  it.each<DemoUser>(['kofi', 'priya', 'sam', 'oscar'])('refuses %s every import call, with the permission named, and changes nothing; %s may export', async (user) => {
    const platform = site();
    await seedOrganization(platform, 1, 1);
    const file = await exportAll(platform);
    const before = platform.kvs.snapshot();
    const calls: Array<[Parameters<TestPlatform['onOrganizationPage']>[1], unknown]> = [
      ['previewOrganizationImport', { data: file }],
      ['importOrganization', { data: file }],
      ['importOrganizationInParts', { phase: 'begin', parts: 1 }],
      ['importOrganizationInParts', { phase: 'finish', importId: 'some-import' }],
    ];
    for (const [key, payload] of calls) {
      expect(await platform.onOrganizationPage(user, key, payload)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/^Only someone with the Manage organization OKRs global permission can import the organization’s OKRs\./) },
      });
    }
    expect(platform.kvs.snapshot()).toBe(before);
    expect(withoutDate(await exportAll(platform, user))).toEqual(withoutDate(file));
  });
});

describe('an import too large for one transaction', () => {
  it('answers that it stopped part-way when storage fails while it writes, its preview says so, and the same file again finishes it', async () => {
    const source = site();
    await seedOrganization(source, 6, 3);
    const file = await exportAll(source);
    const clean = site();
    clean.kvs.resetCallCount();
    dataOf(await clean.onOrganizationPage('elena', 'importOrganization', { data: file }));
    const transactions = clean.kvs.callCountsByPath[TRANSACTION] ?? 0;
    expect(transactions).toBeGreaterThan(3);

    const outcomes = { stopped: 0, unchanged: 0, saved: 0 };
    for (const afterServing of [false, true]) {
      for (let n = 1; n <= transactions; n++) {
        const target = site();
        // A site whose storage is at the current schema version already, as any site that has used the app.
        await target.forge.deliverEvent({ moduleKey: 'test', handler: () => ensureSchema(), event: {} });
        const before = target.kvs.snapshot();
        target.kvs.failOnCall(n, 503, undefined, { path: TRANSACTION, afterServing });
        const answer = await target.onOrganizationPage('elena', 'importOrganization', { data: file });
        target.kvs.clearFaults();
        const at = { n, afterServing };
        if (answer.ok) {
          outcomes.saved += 1;
        } else if (answer.error.message.includes('stopped part-way')) {
          outcomes.stopped += 1;
          expect({ ...at, code: answer.error.code }).toEqual({ ...at, code: 'UNAVAILABLE' });
          const preview = dataOf(await target.onOrganizationPage('elena', 'previewOrganizationImport', { data: file }));
          expect({ ...at, unfinished: preview.unfinished }).toEqual({ ...at, unfinished: { startedAt: DEMO_TODAY.toISOString(), exportedAt: file.exportedAt, running: false } });
          // Its basis is of the half-written state: finishing is not refused for the import's own writes.
          dataOf(await target.onOrganizationPage('elena', 'importOrganization', { data: file, basis: preview.basis }));
        } else {
          outcomes.unchanged += 1;
          expect({ ...at, code: answer.error.code, unchanged: target.kvs.snapshot() === before }).toEqual({ ...at, code: 'UNAVAILABLE', unchanged: true });
          dataOf(await target.onOrganizationPage('elena', 'importOrganization', { data: file }));
        }
        expect([at, withoutDate(await exportAll(target))]).toEqual([at, withoutDate(file)]);
        expect(dataOf(await target.onOrganizationPage('elena', 'previewOrganizationImport', { data: file })).unfinished).toBeUndefined();
      }
    }
    expect(outcomes.stopped).toBeGreaterThan(0);
    expect(outcomes.unchanged).toBeGreaterThan(0);
  }, 120_000);

  it('runs one at a time: of two imports at once, one writes and the other is refused', async () => {
    const source = site();
    await seedOrganization(source, 6, 3);
    const file = await exportAll(source);
    const target = site();
    const answers = await Promise.all([1, 2].map(() => target.onOrganizationPage('elena', 'importOrganization', { data: file })));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.find((answer) => !answer.ok)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^Another import of the organization’s OKRs is running/) } });
    expect(withoutDate(await exportAll(target))).toEqual(withoutDate(file));
  });

  it('takes a file of 4 MB in parts, writes it in transactions Forge takes, and exports it again in pages that join into the same file', async () => {
    const source = site();
    await seedOrganization(source, 1, 1);
    const seeded = await exportAll(source);
    const objective = must(seeded.objectives[0], 'the Objective');
    const template = must(seeded.keyResults[0], 'the Key Result');
    // Nineteen more Key Results of about 220 KiB each (108 check-ins with long notes): more than one export page or one transaction holds.
    const keyResults = Array.from({ length: 19 }, (_, k) => ({
      ...template,
      id: `big-kr-${String(k).padStart(2, '0')}`,
      title: `Large Key Result ${k + 1}`,
      checkIns: Array.from({ length: 108 }, (_, i) => ({ at: new Date(DEMO_TODAY.getTime() - (108 - i) * 3_600_000).toISOString(), accountId: 'someone', value: 22 + (i % 20), confidence: 5, note: `${k}-${i} `.padEnd(2000, 'n') })),
    }));
    // The file's lists by id, as an export has them.
    const file = { ...seeded, keyResults: [template, ...keyResults].sort((a, b) => String(a.id).localeCompare(String(b.id))), changes: [] } as OrgFile;
    const text = JSON.stringify(file);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 1024 * 1024);
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += 350_000) parts.push(text.slice(i, i + 350_000));

    const target = site();
    // Forge takes at most 4 MB a transaction: the import's are measured as they are sent.
    const sent: number[] = [];
    const handle = target.kvs.handle.bind(target.kvs);
    jest.spyOn(target.kvs, 'handle').mockImplementation((path: string, body: unknown) => {
      if (path === TRANSACTION) sent.push(Buffer.byteLength(JSON.stringify(body), 'utf8'));
      return handle(path, body);
    });
    const begun = dataOf(await target.onOrganizationPage('elena', 'importOrganizationInParts', { phase: 'begin', parts: parts.length }));
    const importId = 'importId' in begun ? begun.importId : '';
    for (const [index, part] of parts.entries()) dataOf(await target.onOrganizationPage('elena', 'importOrganizationInParts', { phase: 'part', importId, index, text: part }));
    expect(dataOf(await target.onOrganizationPage('elena', 'importOrganizationInParts', { phase: 'finish', importId }))).toMatchObject({ objectives: 1, keyResults: 20, changes: 0 });
    expect(Math.max(...sent)).toBeLessThan(3.5 * 1024 * 1024);
    jest.restoreAllMocks();
    expect(objective.id).toBe(file.objectives[0]?.id);

    const first = dataOf(await target.onOrganizationPage('kofi', 'exportOrganization'));
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThan(2.5 * 1024 * 1024);
    expect(withoutDate(await exportAll(target, 'kofi'))).toEqual(withoutDate(file));
    expect(await target.onOrganizationPage('kofi', 'exportOrganization', { cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'cursor' } });
  });
});

describe('a team’s export holds its own data only', () => {
  it('keeps its alignment to the organization as ids, with no organization record; imported where those do not exist, they show as deleted until the organization’s file brings them back', async () => {
    const source = site();
    const orgObjective = dataOf(await source.onOrganizationPage('elena', 'saveOrganizationObjective', { objective: { cycleId: '2026-Q4', title: 'Fill the new Leeds club', status: 'active' } }));
    const orgKeyResult = dataOf(await source.onOrganizationPage('elena', 'saveOrganizationKeyResult', { keyResult: { objectiveId: orgObjective.id, title: 'Leeds members', metric: { direction: 'increase', start: 0, target: 800, current: 120 } } }));
    dataOf(await source.onOrganizationPage('elena', 'checkInOrganizationKeyResult', { keyResultId: orgKeyResult.id, value: 150, confidence: 6, note: 'Open day' }));
    const cycleId = dataOf(await source.onProjectPage('priya', 'getProjectOverview')).cycle.id;
    const teamObjective = dataOf(await source.onProjectPage('priya', 'saveObjective', { objective: { cycleId, title: 'Members find Leeds classes', status: 'active', servesOrgObjectiveId: orgObjective.id } }));
    const teamKeyResult = dataOf(
      await source.onProjectPage('priya', 'saveKeyResult', { keyResult: { objectiveId: teamObjective.id, title: 'Leeds trial bookings', metric: { direction: 'increase', start: 0, target: 300, current: 40 }, contributesTo: { orgKeyResultId: orgKeyResult.id, weight: 2 } } }),
    );

    const teamFile = dataOf(await source.onProjectPage('priya', 'exportData'));
    const text = JSON.stringify(teamFile);
    // No organization record, title, check-in or history entry…
    for (const absent of ['"projectKey":"organization"', 'Fill the new Leeds club', 'Leeds members', 'Open day', 'outcomes-org-okr-export']) expect({ absent, found: text.includes(absent) }).toEqual({ absent, found: false });
    // …but the team's own alignment, by id.
    expect((teamFile.objectives as Array<Record<string, unknown>>).find((objective) => objective.id === teamObjective.id)).toMatchObject({ servesOrgObjectiveId: orgObjective.id });
    expect((teamFile.keyResults as Array<Record<string, unknown>>).find((keyResult) => keyResult.id === teamKeyResult.id)).toMatchObject({ contributesTo: { orgKeyResultId: orgKeyResult.id, weight: 2 }, contributesToOrgKeyResultId: orgKeyResult.id });
    // And the organization's export holds nothing of the team's.
    const orgFile = await exportAll(source);
    const orgText = JSON.stringify(orgFile);
    for (const absent of [teamObjective.id, teamKeyResult.id, 'Members find Leeds classes', '"projectKey":"GYM"']) expect({ absent, found: orgText.includes(absent) }).toEqual({ absent, found: false });

    // Into a site without the organization's OKRs: the references stay, shown as deleted (no title).
    const target = site();
    dataOf(await target.onProjectPage('priya', 'importData', { data: teamFile }));
    const before = dataOf(await target.onProjectPage('sam', 'getProjectOverview'));
    expect(before.alignedTo).toEqual({ [orgObjective.id]: null, [orgKeyResult.id]: null });
    expect(must(before.objectives.find((objective) => objective.id === teamObjective.id), 'the team Objective').servesOrgObjectiveId).toBe(orgObjective.id);
    // The organization's file brings them back: the same ids, so the alignment joins up by itself.
    const preview = dataOf(await target.onOrganizationPage('elena', 'previewOrganizationImport', { data: orgFile }));
    expect(preview.changes).toMatchObject({ objectives: { added: 1 }, keyResults: { added: 1 }, teamContributionsLeft: 0 });
    dataOf(await target.onOrganizationPage('elena', 'importOrganization', { data: orgFile, basis: preview.basis }));
    const after = dataOf(await target.onProjectPage('sam', 'getProjectOverview'));
    expect(after.alignedTo).toEqual({ [orgObjective.id]: 'Fill the new Leeds club', [orgKeyResult.id]: 'Leeds members' });
    const orgPage = dataOf(await target.onOrganizationPage('kofi', 'getOrganizationOkrs', { cycleId: '2026-Q4' }));
    expect(orgPage.contributions[orgKeyResult.id]).toBeDefined();

    // An organization file that drops the Key Result says how many team Key Results still name it.
    const dropping = { ...orgFile, keyResults: [], changes: orgFile.changes.filter((change) => change.keyResultId === undefined) };
    expect(dataOf(await target.onOrganizationPage('elena', 'previewOrganizationImport', { data: dropping })).changes).toMatchObject({ keyResults: { removed: 1 }, teamContributionsLeft: 1 });
  });
});
