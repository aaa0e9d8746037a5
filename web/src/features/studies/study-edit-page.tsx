import { useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { useStudy } from './study-api';
import { StudyForm } from './study-form';

export function StudyEditPage() {
  const { studyId = '' } = useParams();
  const query = useStudy(studyId);
  return (
    <QueryBoundary query={query} what="study">
      {(current) => (
        <>
          <PageHeader
            title={`Edit ${current.record.shortName}`}
            trail={[
              { label: 'Studies', to: '/studies' },
              { label: current.record.shortName, to: `/studies/${studyId}` },
              { label: 'Edit' },
            ]}
          />
          {/* Keyed by ETag: reloading after a 412 starts the form again from the latest version. */}
          <StudyForm key={current.etag} current={current} onReload={() => query.refetch()} />
        </>
      )}
    </QueryBoundary>
  );
}
