import { describe, expect, it } from 'vitest';
import {
  EMPTY_FORM_STATE,
  fieldOfPath,
  fromContainerForm,
  splitWords,
  toContainerForm,
} from '@/lib/containers/form-state';

describe('create form state', () => {
  it('turns one value per line into lists and drops blank lines', () => {
    const form = toContainerForm({
      ...EMPTY_FORM_STATE,
      image: ' nginx:alpine ',
      ports: '8080:80\n\n  127.0.0.1:8443:443/tcp ',
      env: 'A=1\nB=two words',
    });
    expect(form).toEqual({
      image: 'nginx:alpine',
      start: true,
      ports: ['8080:80', '127.0.0.1:8443:443/tcp'],
      env: ['A=1', 'B=two words'],
    });
  });

  it('splits the command as a shell would, keeping quoted words whole', () => {
    expect(splitWords(`sh -c 'echo hello world'`)).toEqual(['sh', '-c', 'echo hello world']);
    expect(toContainerForm({ ...EMPTY_FORM_STATE, image: 'x', command: 'echo "a b" c' }).command).toEqual([
      'echo',
      'a b',
      'c',
    ]);
  });

  it('round-trips a full form', () => {
    const form = {
      image: 'busybox',
      name: 'web',
      command: ['sh', '-c', 'echo hi && sleep 1'],
      env: ['A=1'],
      ports: ['80'],
      volumes: ['/data'],
      restart: 'on-failure:3',
      memory: '500m',
      cpus: '1.5',
      labels: ['a=b'],
      interactive: true,
      tty: true,
      privileged: true,
      autoRemove: true,
      publishAll: true,
      start: false,
    };
    expect(toContainerForm(fromContainerForm(form))).toEqual(form);
  });

  it('carries the options it has no field for from a pasted form to the request (issue 15)', () => {
    const form = {
      image: 'busybox',
      name: 'web',
      start: true,
      capAdd: ['NET_ADMIN'],
      mounts: ['type=tmpfs,dst=/t'],
      healthCmd: 'true',
      init: false,
    };
    const state = fromContainerForm(form);
    expect(state.advanced).toEqual({
      capAdd: ['NET_ADMIN'],
      mounts: ['type=tmpfs,dst=/t'],
      healthCmd: 'true',
      init: false,
    });
    expect(toContainerForm(state)).toEqual(form);
  });

  it('maps API error paths to a field and line', () => {
    expect(fieldOfPath('body.ports.1')).toEqual({ field: 'ports', line: 1 });
    expect(fieldOfPath('body.image')).toEqual({ field: 'image' });
    expect(fieldOfPath('body.nope')).toBeNull();
  });
});
