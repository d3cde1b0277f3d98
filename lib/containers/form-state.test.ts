import { describe, expect, it } from 'vitest';
import { DOCKER_RUN_CORPUS } from '@/e2e/support/docker-run-corpus';
import { parseDockerRun } from '@/lib/containers/docker-run';
import { type ContainerForm, containerFormSchema } from '@/lib/containers/form';
import {
  countSet,
  EMPTY_FORM_STATE,
  FORM_TABS,
  type FormField,
  fieldOfPath,
  fromContainerForm,
  LIST_FIELDS,
  SWITCH_FIELDS,
  splitWords,
  TAB_OF_FIELD,
  TEXT_FIELDS,
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

  it('shows every docker run option as a field of its own: nothing is kept out of sight (issue 15)', () => {
    const form = {
      image: 'busybox',
      name: 'web',
      start: true,
      capAdd: ['NET_ADMIN', 'SYS_TIME'],
      mounts: ['type=tmpfs,dst=/t'],
      healthCmd: 'true',
      init: false,
      memoryReservation: '256m',
    };
    const state = fromContainerForm(form);
    expect(state).toMatchObject({
      capAdd: 'NET_ADMIN\nSYS_TIME',
      mounts: 'type=tmpfs,dst=/t',
      healthCmd: 'true',
      init: false,
      memoryReservation: '256m',
      advanced: {},
    });
    expect(toContainerForm(state)).toEqual(form);
  });

  it('keeps list values a line cannot show (line breaks, empty, spaces around) and sends them as they were', () => {
    const form = {
      image: 'busybox',
      start: true,
      env: ['A=1', 'CERT=-----BEGIN-----\nabc\n-----END-----', 'PAD=x  '],
      dnsSearch: ['example.com', ' spaced '],
    };
    const state = fromContainerForm(form);
    expect(state.env).toBe('A=1\nPAD=x  ');
    expect(state.advanced).toEqual({
      env: ['CERT=-----BEGIN-----\nabc\n-----END-----'],
      dnsSearch: [' spaced '],
    });
    expect(toContainerForm(state).env).toEqual([
      'A=1',
      'PAD=x  ',
      'CERT=-----BEGIN-----\nabc\n-----END-----',
    ]);
    expect(countSet(state, 'env')).toBe(3);
  });

  it("keeps an empty entrypoint (which resets the image's) and quoted command words", () => {
    const form = {
      image: 'x',
      start: true,
      entrypoint: [''],
      command: ['sh', '-c', "it's $HOME *.txt; a\nb"],
    };
    const state = fromContainerForm(form);
    expect(state.entrypoint).toBe("''");
    expect(toContainerForm(state)).toEqual(form);
  });

  it('keeps --init=false apart from no --init, and --restart no apart from no --restart', () => {
    for (const init of [true, false, undefined]) {
      const form: ContainerForm = { image: 'x', start: true, ...(init === undefined ? {} : { init }) };
      expect(toContainerForm(fromContainerForm(form))).toEqual(form);
    }
    expect(toContainerForm(fromContainerForm({ image: 'x', start: true, restart: 'no' })).restart).toBe('no');
    expect(toContainerForm(EMPTY_FORM_STATE).restart).toBeUndefined();
  });

  describe('round-trips every line of the docker run corpus without loss', () => {
    for (const { line } of DOCKER_RUN_CORPUS) {
      it(line.split('\n')[0] ?? line, () => {
        const { form } = parseDockerRun(line);
        const state = fromContainerForm(form);
        // Everything is a visible field: no corpus line needs the out-of-sight list values.
        expect(state.advanced).toEqual({});
        expect(toContainerForm(state)).toEqual(form);
      });
    }
  });

  it("puts every field of the API form in a tab, and knows each field's kind", () => {
    const schemaKeys = Object.keys(containerFormSchema.shape).sort();
    expect(Object.keys(TAB_OF_FIELD).sort()).toEqual(schemaKeys);
    expect(
      [
        ...LIST_FIELDS,
        ...TEXT_FIELDS,
        ...SWITCH_FIELDS,
        'image',
        'command',
        'entrypoint',
        'init',
        'start',
      ].sort(),
    ).toEqual(schemaKeys);
    for (const tab of FORM_TABS) expect(Object.values(TAB_OF_FIELD)).toContain(tab);
  });

  it('counts the options each tab sets', () => {
    const state = fromContainerForm({
      image: 'busybox',
      start: false,
      env: ['A=1', 'B=2'],
      capAdd: ['NET_ADMIN'],
      readOnly: true,
      init: false,
      ulimits: ['nofile=1024'],
      memory: '1g',
    });
    expect(countSet(state, 'general')).toBe(2); // image, and start turned off
    expect(countSet(state, 'env')).toBe(2);
    expect(countSet(state, 'security')).toBe(2);
    expect(countSet(state, 'restart')).toBe(1);
    expect(countSet(state, 'runtime')).toBe(2);
    expect(countSet(state, 'network')).toBe(0);
  });

  it('maps API error paths to a field and line', () => {
    expect(fieldOfPath('body.ports.1')).toEqual({ field: 'ports', tab: 'network', line: 1 });
    expect(fieldOfPath('body.image')).toEqual({ field: 'image', tab: 'general' });
    expect(fieldOfPath('body.nope')).toBeNull();
    expect(fieldOfPath('body.constructor')).toBeNull();
  });

  it("maps each option's error to the tab that shows it", () => {
    const cases: [string, FormField, string][] = [
      ['body.ulimits.0', 'ulimits', 'runtime'],
      ['body.capAdd.2', 'capAdd', 'security'],
      ['body.tmpfs.0', 'tmpfs', 'volumes'],
      ['body.healthInterval', 'healthInterval', 'restart'],
      ['body.noHealthcheck', 'noHealthcheck', 'restart'],
      ['body.networkAliases', 'networkAliases', 'network'],
      ['body.labels.0', 'labels', 'labels'],
      ['body.env.3', 'env', 'env'],
      ['body.platform', 'platform', 'general'],
      ['body.sysctls.0', 'sysctls', 'security'],
    ];
    for (const [path, field, tab] of cases) expect(fieldOfPath(path)).toMatchObject({ field, tab });
    // Every error the schema can report on a field lands on a tab.
    for (const field of Object.keys(containerFormSchema.shape))
      expect(fieldOfPath(`body.${field}`)?.tab).toBe(TAB_OF_FIELD[field as FormField]);
  });
});

describe('form labels', () => {
  it('every field and tab has an English and a Chinese label', async () => {
    const catalogs = [
      (await import('@/lib/i18n/messages/en.json')).default,
      (await import('@/lib/i18n/messages/zh-CN.json')).default,
    ];
    for (const { create } of catalogs) {
      const fields: Record<string, string | undefined> = { ...create.adv.fields, ...create.fields };
      for (const field of Object.keys(TAB_OF_FIELD)) expect(fields[field], field).toBeTruthy();
      const tabs: Record<string, string | undefined> = create.tabs;
      for (const tab of FORM_TABS) expect(tabs[tab], tab).toBeTruthy();
    }
  });
});
