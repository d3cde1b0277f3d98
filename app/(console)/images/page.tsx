import { ImagesPage } from './ImagesPage';

export default function Page() {
  return <ImagesPage />;
}
