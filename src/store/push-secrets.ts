// A project's push secret (the key another system posts Key Result values with) and the rate its
// endpoint is allowed. Only the SHA-256 hash of a secret is stored: the secret itself is shown once,
// when it is made, and can never be read back. One KVS key per project for each.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { StoreNotFoundError } from './errors';
import { putKey } from './io';
import { accountIdSchema, dateTimeSchema } from './model';

const SECRET_PREFIX = 'push-secret:';
const RATE_PREFIX = 'push-rate:';
/** Bytes of randomness in a secret (256 bits), written as base64url (43 characters). */
const SECRET_BYTES = 32;

/** Pushes a project's endpoint takes in a burst, and how fast that allowance comes back (one every 2 s: 30 a minute). */
export const PUSH_RATE = { burst: 30, refillMs: 2_000 } as const;

const storedSecretSchema = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: dateTimeSchema,
  createdBy: accountIdSchema,
  /** The first characters of the secret, so a person can tell which one a job holds. */
  prefix: z.string().max(8),
});
export type StoredPushSecret = z.infer<typeof storedSecretSchema>;

const bucketSchema = z.strictObject({ tokens: z.number().min(0), at: z.number() });

const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** The project's push secret as stored (its hash, when and by whom it was made), or null when it has none. */
export async function pushSecretOf(projectKey: string): Promise<StoredPushSecret | null> {
  const parsed = storedSecretSchema.safeParse(await kvs.get(`${SECRET_PREFIX}${projectKey}`));
  return parsed.success ? parsed.data : null;
}

/**
 * Makes the project a new secret, replacing any it had (a rotation: the old one stops working at
 * once), and answers it: the only time it is ever seen.
 */
export async function makePushSecret(projectKey: string, accountId: string, at: Date): Promise<{ secret: string; stored: StoredPushSecret }> {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  const stored = storedSecretSchema.parse({ hash: hashOf(secret), createdAt: at.toISOString(), createdBy: accountId, prefix: secret.slice(0, 4) });
  await putKey(`${SECRET_PREFIX}${projectKey}`, stored);
  return { secret, stored };
}

/** Revokes the project's secret: every push with it is refused from now on. */
export async function revokePushSecret(projectKey: string): Promise<void> {
  if (!(await pushSecretOf(projectKey))) throw new StoreNotFoundError(`${projectKey} has no push secret to revoke.`);
  await putKey(`${SECRET_PREFIX}${projectKey}`, undefined);
}

/** The stored secret `secret` matches, compared in constant time; null when it matches none. */
export async function matchingPushSecret(projectKey: string, secret: string): Promise<StoredPushSecret | null> {
  const stored = await pushSecretOf(projectKey);
  if (!stored) return null;
  const given = Buffer.from(hashOf(secret), 'hex');
  return timingSafeEqual(given, Buffer.from(stored.hash, 'hex')) ? stored : null;
}

/**
 * Takes one push from the project's allowance (a token bucket of PUSH_RATE.burst, one back every
 * PUSH_RATE.refillMs): null when taken, else the seconds until one is back. Read then written, not in
 * a transaction: two pushes at the same instant may both take the last token, which a rate limit can bear.
 */
export async function takePushToken(projectKey: string, now: Date): Promise<number | null> {
  const key = `${RATE_PREFIX}${projectKey}`;
  const parsed = bucketSchema.safeParse(await kvs.get(key));
  const at = now.getTime();
  const previous = parsed.success ? parsed.data : { tokens: PUSH_RATE.burst, at };
  const refilled = Math.min(PUSH_RATE.burst, previous.tokens + Math.max(0, at - previous.at) / PUSH_RATE.refillMs);
  if (refilled < 1) return Math.max(1, Math.ceil(((1 - refilled) * PUSH_RATE.refillMs) / 1000));
  await kvs.set(key, { tokens: refilled - 1, at });
  return null;
}
