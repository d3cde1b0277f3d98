import { DashboardPage } from './DashboardPage';

export default function Page() {
  return <DashboardPage />;
}
