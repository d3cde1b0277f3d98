import { ComingSoon } from '@/components/shell/ComingSoon';

export default function Page() {
  return <ComingSoon section="networks" command="docker network ls" />;
}
