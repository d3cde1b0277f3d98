import { CliCommand } from '@/components/ui/CliCommand';
import { JsonTree } from '@/components/ui/JsonTree';

/** The Inspect tab: the `docker … inspect` command and what the engine answered, as a tree. */
export function InspectPanel({ command, data }: { command: string; data: unknown }) {
  return (
    <div className="flex flex-col gap-2">
      <CliCommand command={command} />
      <JsonTree data={data} />
    </div>
  );
}
