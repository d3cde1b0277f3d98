import type { AlertChannelCreate } from '@/lib/alerts/schemas';
import { checkOutboundUrl, OutboundUrlError } from '@/server/alerts/outbound';
import { createChannel } from '@/server/alerts/store';
import { HttpError } from '@/server/http/errors';
import { getSettings } from '@/server/settings/store';

/** Checks a new channel's URL (400 naming body.url) before it is stored. */
export async function createCheckedChannel(input: AlertChannelCreate) {
  try {
    await checkOutboundUrl(input.url, { allowPrivate: getSettings().alerts.allowPrivateTargets });
  } catch (err) {
    if (!(err instanceof OutboundUrlError)) throw err;
    throw new HttpError(400, 'bad_request', `body.url: ${err.message}`, [
      { path: 'body.url', message: err.message },
    ]);
  }
  return createChannel(input);
}
