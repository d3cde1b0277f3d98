/**
 * The Docker CLI's way to the same engine: a context of the environment's name. TLS files are named as the CLI
 * expects them in a directory of the user's choosing (Berth keeps its copies encrypted).
 */
export function contextCreateCommand(
  verb: 'create' | 'update',
  id: string,
  address: string,
  tls: boolean,
): string {
  const tlsPart = tls ? ',ca=ca.pem,cert=cert.pem,key=key.pem' : '';
  return `docker context ${verb} ${id} --docker host=${address}${tlsPart}`;
}
