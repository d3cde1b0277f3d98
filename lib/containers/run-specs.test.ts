import { describe, expect, it } from 'vitest';
import {
  InvalidSpecError,
  parseBytes,
  parseDevice,
  parseDuration,
  parseExpose,
  parseMount,
  parseUlimit,
} from '@/lib/containers/run-specs';

describe('run specs, read as the docker CLI reads them', () => {
  it('reads Go durations into nanoseconds and refuses a bare number', () => {
    expect(parseDuration('1m30s')).toBe(90e9);
    expect(parseDuration('500ms')).toBe(5e8);
    expect(parseDuration('1.5h')).toBe(5400e9);
    expect(parseDuration('0')).toBe(0);
    expect(() => parseDuration('30')).toThrow(InvalidSpecError);
    expect(() => parseDuration('30s ')).toThrow(/is not a duration/);
  });

  it('reads sizes in binary units, as RAMInBytes', () => {
    expect(parseBytes('64m')).toBe(64 * 1024 ** 2);
    expect(parseBytes('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseBytes('1024')).toBe(1024);
    expect(() => parseBytes('lots')).toThrow(/is not a size/);
  });

  it('reads a device with an optional container path and permissions', () => {
    expect(parseDevice('/dev/fuse')).toEqual({
      PathOnHost: '/dev/fuse',
      PathInContainer: '/dev/fuse',
      CgroupPermissions: 'rwm',
    });
    expect(parseDevice('/dev/zero:rw')).toMatchObject({
      PathInContainer: '/dev/zero',
      CgroupPermissions: 'rw',
    });
    expect(parseDevice('/dev/sda:/dev/xvda:r')).toMatchObject({
      PathInContainer: '/dev/xvda',
      CgroupPermissions: 'r',
    });
    expect(() => parseDevice('/dev/sda:/dev/xvda:rr')).toThrow(/permissions/);
  });

  it('reads ulimits with one or two values and known names only', () => {
    expect(parseUlimit('nofile=1024:2048')).toEqual({ Name: 'nofile', Soft: 1024, Hard: 2048 });
    expect(parseUlimit('memlock=-1')).toEqual({ Name: 'memlock', Soft: -1, Hard: -1 });
    expect(() => parseUlimit('nofiles=1')).toThrow(/is not one of/);
    expect(() => parseUlimit('nofile=10:5')).toThrow(/soft limit is above the hard one/);
  });

  it('expands --expose ranges into port keys', () => {
    expect(parseExpose('80')).toEqual(['80/tcp']);
    expect(parseExpose('9000-9002/udp')).toEqual(['9000/udp', '9001/udp', '9002/udp']);
    expect(() => parseExpose('127.0.0.1:80')).toThrow(InvalidSpecError);
  });

  it('reads --mount as CSV, quoted fields included, and refuses a relative source', () => {
    expect(parseMount('type=volume,src=v,dst=/v,"volume-opt=o=addr=1,rw"')).toEqual({
      Type: 'volume',
      Source: 'v',
      Target: '/v',
      VolumeOptions: { DriverConfig: { Options: { o: 'addr=1,rw' } } },
    });
    expect(() => parseMount('type=bind,src=./data,dst=/d')).toThrow(/a path on your machine/);
  });
});
