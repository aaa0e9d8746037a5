import { PageHeader } from '../../components/page-header';
import { StudyForm } from './study-form';

export function StudyCreatePage() {
  return (
    <>
      <PageHeader title="New study" trail={[{ label: 'Studies', to: '/studies' }, { label: 'New study' }]} />
      <StudyForm />
    </>
  );
}
