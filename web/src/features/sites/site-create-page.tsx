import { PageHeader } from '../../components/page-header';
import { SiteForm } from './site-form';

export function SiteCreatePage() {
  return (
    <>
      <PageHeader title="New site" trail={[{ label: 'Sites', to: '/sites' }, { label: 'New site' }]} />
      <SiteForm />
    </>
  );
}
