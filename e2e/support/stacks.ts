import { TEST_IMAGE } from './engine';

/**
 * A Compose file whose `up` never finishes on its own: `app` waits for `db` to be healthy, and db's health check
 * never passes. For tests of what holds a running Compose action (cancel, disconnect, shutdown, the jobs bound).
 */
export const WAITING_STACK = `services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    labels: ["berth.test.stack=1"]
    stop_grace_period: 1s
    healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 10000}
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    labels: ["berth.test.stack=1"]
    stop_grace_period: 1s
    depends_on: {db: {condition: service_healthy}}
`;
