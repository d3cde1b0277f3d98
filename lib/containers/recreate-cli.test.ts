import { describe, expect, it } from 'vitest';
import { recreateCommands } from '@/lib/containers/recreate-cli';

describe('the CLI steps of a recreate', () => {
  it('pulls, stops, renames aside, runs under the name and removes the old one', () => {
    expect(
      recreateCommands(
        'web',
        { image: 'nginx:1', ports: ['127.0.0.1:8080:80'] },
        { pull: true, running: true },
      ),
    ).toEqual([
      'docker pull nginx:1',
      'docker stop web',
      'docker rename web web-old',
      'docker run -d --name web -p 127.0.0.1:8080:80 nginx:1',
      'docker rm web-old',
    ]);
  });

  it('does not stop a container that is not running, and creates without starting when asked', () => {
    const steps = recreateCommands(
      'job',
      { image: 'busybox', start: false },
      { running: false, aside: 'job-x' },
    );
    expect(steps).toEqual(['docker rename job job-x', 'docker create --name job busybox', 'docker rm job-x']);
  });
});
