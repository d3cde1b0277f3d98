import { checkRegistryLogin, type RegistryAuth } from '@/server/docker/images';
import { HttpError, toHttpError } from '@/server/http/errors';

/**
 * `docker login`: the engine itself tries the credentials against the registry (so the answer is what a
 * pull or push would get). Its 500 is turned into what went wrong: the credentials, or the network.
 * `typed`: the credentials come from the form, so a wrong password is a field error on it.
 */
export async function loginCheck(auth: RegistryAuth, typed: boolean): Promise<{ status: string }> {
  try {
    return await checkRegistryLogin(auth);
  } catch (err) {
    const e = toHttpError(err);
    if (e.code === 'engine_unreachable') throw e;
    if (/\b401\b|unauthorized|incorrect username or password|authentication required/i.test(e.message)) {
      throw new HttpError(
        400,
        'bad_request',
        `Login to ${auth.serveraddress} failed: wrong username or password (${e.message})`,
        typed ? [{ path: 'body.password', message: 'Wrong username or password' }] : undefined,
      );
    }
    if (/connection refused|no such host|i\/o timeout|dial tcp|no route to host|timeout/i.test(e.message)) {
      throw new HttpError(502, 'engine_error', `Registry ${auth.serveraddress} unreachable: ${e.message}`);
    }
    throw new HttpError(502, 'engine_error', `Login to ${auth.serveraddress} failed: ${e.message}`);
  }
}
