import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DockerRunParseError } from '@/lib/containers/docker-run';
import { serviceFromDockerRun } from '@/lib/stacks/from-run';
import { fuzzParams, nastyString } from '@/lib/testing/fuzz';

const WORDS = [
  'docker',
  'run',
  'create',
  '-d',
  '-it',
  '--rm',
  '-P',
  '-p',
  '8080:80',
  '-v',
  'data:/data',
  '/h:/c:ro',
  '-e',
  'A=$B',
  "'X=$$'",
  '--name',
  'web',
  '--network',
  'host',
  'net1',
  '--cap-add',
  '--ulimit',
  'nofile=1:2',
  '--log-opt',
  'a=b',
  '--health-cmd',
  '--init',
  '--init=false',
  '--env-file',
  '--volumes-from',
  '--mount',
  'type=bind,src=/a,dst=/b',
  'nginx',
  'busybox:1',
  'sh',
  '-c',
  '"echo $HOME"',
];

const line = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), nastyString), { maxLength: 14 })
  .map((words) => words.join(' '));

describe('serviceFromDockerRun (fuzz)', () => {
  it('either refuses with DockerRunParseError or writes YAML that reads back as the service', () => {
    fc.assert(
      fc.property(line, (text) => {
        let result: ReturnType<typeof serviceFromDockerRun>;
        try {
          result = serviceFromDockerRun(text);
        } catch (err) {
          if (err instanceof DockerRunParseError) return;
          throw err;
        }
        const doc = parse(result.yaml) as { services: Record<string, unknown> };
        expect(doc.services[result.name]).toEqual(result.service);
      }),
      fuzzParams(400),
    );
  }, 20_000);
});
