import { ComingSoon } from '@/components/shell/ComingSoon';

export default function Page() {
  return <ComingSoon section="volumes" command="docker volume ls" />;
}
