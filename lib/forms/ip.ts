import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** A plain address of either family, as the engine takes it: no zone (`%eth0`), no IPv4 shorthand (`10.1`). */
export function parseIp(text: string): IpAddress | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes('%') && text.includes(':') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return null;
}

export function isIPv4(text: string): boolean {
  return parseIp(text)?.kind() === 'ipv4';
}

export function isIPv6(text: string): boolean {
  return parseIp(text)?.kind() === 'ipv6';
}
