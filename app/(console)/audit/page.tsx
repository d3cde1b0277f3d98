import { AuditPage } from './AuditPage';

export default function Page() {
  return <AuditPage />;
}
