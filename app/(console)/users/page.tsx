import { UsersPage } from './UsersPage';

export default function Page() {
  return <UsersPage />;
}
