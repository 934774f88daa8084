// The push secret of a project (settings page): its status, made and shown once, rotated, revoked.
// Only those who may change the project's settings may see or touch it.
import type Resolver from '@forge/resolver';
import { webTrigger } from '@forge/api';
import type { PushEndpoint, PushSecretMade } from '../contract';
import { projectAccess, requireEditor } from '../invocation/access';
import { defineResolvers, type Invocation } from '../invocation/define';
import { AppError } from '../invocation/errors';
import { makePushSecret, pushSecretOf, revokePushSecret as revokeStored, type StoredPushSecret } from '../store/push-secrets';

/** The manifest's web trigger that receives pushed values. */
const PUSH_TRIGGER_KEY = 'push-metric';

async function endpointOf(projectKey: string, stored: StoredPushSecret | null): Promise<PushEndpoint> {
  const url = new URL(await webTrigger.getUrl(PUSH_TRIGGER_KEY));
  url.searchParams.set('project', projectKey);
  return { url: url.toString(), secret: stored ? { createdAt: stored.createdAt, createdBy: stored.createdBy, prefix: stored.prefix } : null };
}

async function asEditor(invocation: Invocation, action: string): Promise<void> {
  requireEditor(await projectAccess(invocation), action);
}

async function getPushEndpoint(_payload: unknown, invocation: Invocation): Promise<PushEndpoint> {
  await asEditor(invocation, 'see the push endpoint');
  return endpointOf(invocation.projectKey, await pushSecretOf(invocation.projectKey));
}

async function made(invocation: Invocation): Promise<PushSecretMade> {
  const { secret, stored } = await makePushSecret(invocation.projectKey, invocation.accountId, invocation.now);
  return { ...(await endpointOf(invocation.projectKey, stored)), secretValue: secret };
}

async function createPushSecret(_payload: unknown, invocation: Invocation): Promise<PushSecretMade> {
  await asEditor(invocation, 'make a push secret');
  if (await pushSecretOf(invocation.projectKey)) {
    throw new AppError('CONFLICT', `${invocation.projectKey} already has a push secret: rotate it to get a new one (the old one then stops working).`);
  }
  return made(invocation);
}

async function rotatePushSecret(_payload: unknown, invocation: Invocation): Promise<PushSecretMade> {
  await asEditor(invocation, 'rotate the push secret');
  if (!(await pushSecretOf(invocation.projectKey))) throw new AppError('NOT_FOUND', `${invocation.projectKey} has no push secret to rotate: make one.`);
  return made(invocation);
}

async function revokePushSecret(_payload: unknown, invocation: Invocation): Promise<PushEndpoint> {
  await asEditor(invocation, 'revoke the push secret');
  await revokeStored(invocation.projectKey);
  return endpointOf(invocation.projectKey, null);
}

export function registerPush(resolver: Resolver): void {
  defineResolvers(resolver, { getPushEndpoint, createPushSecret, rotatePushSecret, revokePushSecret });
}
