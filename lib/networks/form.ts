import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { type IpAddress, isIPv4, isIPv6, parseIp } from '@/lib/forms/ip';
import { keyValueList } from '@/lib/forms/key-value';
import { NETWORK_DRIVERS } from '@/lib/networks/types';

/** Network inputs (create, connect, disconnect), shared by the forms, the CLI renderers and the API. */

export const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ALIAS = /^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,253}[a-zA-Z0-9])?$/;

type Family = 'ipv4' | 'ipv6';
type Parsed = IpAddress;

export interface ParsedCidr {
  address: Parsed;
  prefix: number;
  family: Family;
}

/** `address/prefix`; null when it is not one (bad address, prefix out of range, shorthand IPv4). */
export function parseCidr(text: string): ParsedCidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const address = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const family = address.kind() as Family;
  if (prefix > (family === 'ipv4' ? 32 : 128)) return null;
  return { address, prefix, family };
}

function networkAddress(cidr: ParsedCidr): string {
  return cidr.family === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${cidr.address.toString()}/${cidr.prefix}`).toString()
    : ipaddr.IPv6.networkAddressFromCIDR(`${cidr.address.toString()}/${cidr.prefix}`).toString();
}

function contains(outer: ParsedCidr, address: Parsed): boolean {
  return address.kind() === outer.family && address.match([outer.address, outer.prefix] as never);
}

/** Whether two CIDRs share any address: one contains the other's network address. */
function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
  if (a.family !== b.family) return false;
  return contains(a, b.address) || contains(b, a.address);
}

const cidrField = (what: string) =>
  z.string().superRefine((value, ctx) => {
    const cidr = parseCidr(value);
    if (!cidr) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a valid ${what} in CIDR notation, e.g. 172.28.0.0/16 or fd00:1::/64`,
      });
      return;
    }
    const base = networkAddress(cidr);
    if (base !== cidr.address.toString())
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" has host bits set: the ${what} is ${base}/${cidr.prefix}`,
      });
  });

const ipField = z
  .string()
  .refine((v) => parseIp(v) !== null, { error: (i) => `"${String(i.input)}" is not an IP address` });

/** Empty form fields mean "not set". */
const optionalText = <T extends z.ZodType<string, string>>(schema: T) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(schema.optional())
    .optional();

export const ipamPoolSchema = z.strictObject({
  subnet: z.string().trim().min(1, 'A subnet is required, e.g. 172.28.0.0/16').pipe(cidrField('subnet')),
  gateway: optionalText(ipField),
  ipRange: optionalText(cidrField('IP range')),
});

export const networkCreateSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'A name is required')
      .max(128, 'At most 128 characters')
      .regex(NETWORK_NAME, 'Use letters, digits, "_", "." or "-", starting with a letter or digit'),
    driver: z.enum(NETWORK_DRIVERS, 'Choose bridge, macvlan, ipvlan or overlay').default('bridge'),
    pools: z.array(ipamPoolSchema).max(6, 'At most 6 subnets').default([]),
    ipv6: z.boolean().default(false),
    internal: z.boolean().default(false),
    attachable: z.boolean().default(false),
    labels: keyValueList('a label').default([]),
    /** `-o KEY=VALUE` driver options, e.g. parent=eth0 for macvlan, com.docker.network.bridge.name=br-app. */
    options: keyValueList('a driver option').default([]),
  })
  .superRefine((form, ctx) => {
    const subnets: (ParsedCidr | null)[] = form.pools.map((p) => parseCidr(p.subnet));
    form.pools.forEach((pool, index) => {
      const subnet = subnets[index];
      if (!subnet) return;
      const at = (field: string) => ['pools', index, field];
      if (subnet.family === 'ipv6' && !form.ipv6)
        ctx.addIssue({
          code: 'custom',
          path: at('subnet'),
          message: 'An IPv6 subnet needs IPv6 turned on (--ipv6)',
        });
      if (pool.gateway) {
        const gateway = parseIp(pool.gateway);
        if (gateway && !contains(subnet, gateway))
          ctx.addIssue({
            code: 'custom',
            path: at('gateway'),
            message: `The gateway ${pool.gateway} is outside the subnet ${pool.subnet}`,
          });
        else if (gateway && gateway.toString() === subnet.address.toString())
          ctx.addIssue({
            code: 'custom',
            path: at('gateway'),
            message: `The gateway cannot be the subnet's network address ${pool.gateway}`,
          });
      }
      if (pool.ipRange) {
        const range = parseCidr(pool.ipRange);
        if (
          range &&
          (range.family !== subnet.family || range.prefix < subnet.prefix || !contains(subnet, range.address))
        )
          ctx.addIssue({
            code: 'custom',
            path: at('ipRange'),
            message: `The IP range ${pool.ipRange} is not inside the subnet ${pool.subnet}`,
          });
      }
      for (let other = 0; other < index; other++) {
        const earlier = subnets[other];
        if (earlier && overlaps(earlier, subnet))
          ctx.addIssue({
            code: 'custom',
            path: at('subnet'),
            message: `${pool.subnet} overlaps ${form.pools[other]?.subnet}`,
          });
      }
    });
  });
export type NetworkCreateInput = z.input<typeof networkCreateSchema>;
export type NetworkCreate = z.output<typeof networkCreateSchema>;

/** `docker network connect [--alias …] [--ip …] [--ip6 …] network container`. */
export const networkConnectSchema = z.strictObject({
  container: z
    .string()
    .trim()
    .min(1, 'Choose a container')
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a container id or name'),
  aliases: z
    .array(z.string().trim().regex(ALIAS, 'Not a DNS name: letters, digits, "_", "." and "-"'))
    .max(32)
    .default([]),
  ipv4: optionalText(z.string().refine(isIPv4, 'Not an IPv4 address, e.g. 172.28.5.10')),
  ipv6: optionalText(z.string().refine(isIPv6, 'Not an IPv6 address, e.g. fd00:1::10')),
});
export type NetworkConnectInput = z.input<typeof networkConnectSchema>;
export type NetworkConnect = z.output<typeof networkConnectSchema>;

export const networkDisconnectSchema = z.strictObject({
  container: networkConnectSchema.shape.container,
  force: z.boolean().default(false),
});
export type NetworkDisconnect = z.output<typeof networkDisconnectSchema>;

/** Which configured subnet, if any, holds an address: for static IPs on connect. */
export function subnetHolding(subnets: readonly string[], address: string): string | null {
  const ip = parseIp(address);
  if (!ip) return null;
  for (const subnet of subnets) {
    const cidr = parseCidr(subnet);
    if (cidr && contains(cidr, ip)) return subnet;
  }
  return null;
}

export const networkIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Not a network id or name'),
});
