import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';
import { statsCollector } from '@/server/stats-history/collector';
import { renderMetrics } from '@/server/stats-history/metrics';
import { checkScrape } from '@/server/stats-history/metrics-settings';

// Read per request: the samples change every round.
export const dynamic = 'force-dynamic';

/**
 * Prometheus scrape (cAdvisor's names). Not a user route: its own credential, the scrape token an admin made
 * under Settings (404 while the endpoint is off, 401 without the token), checked by the shared route wrapper.
 */
export const GET = route({
  permission: {
    own: 'metrics-token',
    check: (req) => {
      const result = checkScrape(req.headers.get('authorization'));
      if (result === 'disabled') throw new HttpError(404, 'not_found', 'The metrics endpoint is off');
      if (result === 'unauthorized')
        throw new HttpError(401, 'unauthorized', 'Send the scrape token as Authorization: Bearer <token>');
    },
  },
  handler: async () => {
    const { text, contentType } = await renderMetrics(statsCollector()?.latest() ?? []);
    return new Response(text, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
  },
});
