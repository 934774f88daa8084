// The demo's one pushed Key Result: the booking system's nightly export posts the share of bookings
// made in the app. On a fresh store the Product Owner makes the project's push secret (as on the
// settings page), and the last days' values arrive through the push endpoint as the export would
// send them: HTTP requests to the web trigger, served by the local runtime as Forge serves them.
import type { DataOf, Envelope, PushSecretMade } from '../src/contract';
import type { LocalForge } from './runtime';

/** The Key Result the demo's export feeds (local/demo-okrs.ts). */
export const DEMO_PUSHED_KEY_RESULT = 'Bookings made in the app rather than at the desk';
/** Where the preview keeps the demo's secret, in its data folder. */
export const DEMO_PUSH_FILE = 'demo-push-secret.json';
/** Nightly values the demo starts with: one a day over the last days (at 05:00 UTC), and the latest now. */
const DEMO_PUSHED_DAYS = 4;

export interface DemoPush {
  /** The secret the demo's export uses: the preview keeps it for `npm run push-metric` (a real one is shown once, never kept). */
  secret: PushSecretMade;
  keyResultId: string;
}

/** The path and query of a URL: what the local runtime is asked for. */
const requestPath = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

export async function feedDemoPushedKeyResult(forge: LocalForge, project: { id: string; key: string }, accountId: string, today: Date): Promise<DemoPush> {
  const onProjectPage = async <K extends 'createPushSecret' | 'getProjectOverview'>(functionKey: K): Promise<DataOf<K>> => {
    const answer = (await forge.invoke({
      accountId,
      moduleKey: 'outcomes-project-page',
      extension: { type: 'jira:projectPage', project: { id: project.id, key: project.key, type: 'software' } },
      functionKey,
      payload: {},
    })) as Envelope<DataOf<K>>;
    if (!answer.ok) throw new Error(`The demo's pushed Key Result could not ${functionKey}: ${answer.error.message}`);
    return answer.data;
  };
  const keyResult = (await onProjectPage('getProjectOverview')).objectives.flatMap((objective) => objective.keyResults).find((candidate) => candidate.title === DEMO_PUSHED_KEY_RESULT);
  if (!keyResult) throw new Error(`The demo has no Key Result “${DEMO_PUSHED_KEY_RESULT}” to push values to.`);
  const secret = await onProjectPage('createPushSecret');
  const { current, target } = keyResult.metric;
  for (let daysAgo = DEMO_PUSHED_DAYS; daysAgo >= 0; daysAgo--) {
    const at = daysAgo === 0 ? today : new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - daysAgo, 5));
    // A little closer to the target each night, as the desk sends people to the app.
    const value = Math.round(current + ((target - current) * (DEMO_PUSHED_DAYS + 1 - daysAgo)) / 40);
    const answer = await forge.invokeWebTrigger({
      method: 'POST',
      url: requestPath(secret.url),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret.secretValue}` },
      body: JSON.stringify({ keyResultId: keyResult.id, value, at: at.toISOString(), note: 'Nightly export from the booking system' }),
    });
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`The demo's pushed value was refused (${answer.status}): ${answer.body}`);
  }
  return { secret, keyResultId: keyResult.id };
}
