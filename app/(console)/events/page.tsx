import { ComingSoon } from '@/components/shell/ComingSoon';

export default function Page() {
  return <ComingSoon section="events" command="docker events" />;
}
