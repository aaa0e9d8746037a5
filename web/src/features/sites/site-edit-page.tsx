import { useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { useSite } from './site-api';
import { SiteForm } from './site-form';

export function SiteEditPage() {
  const { siteId = '' } = useParams();
  const query = useSite(siteId);
  return (
    <QueryBoundary query={query} what="site">
      {(current) => (
        <>
          <PageHeader
            title={`Edit ${current.record.name}`}
            trail={[{ label: 'Sites', to: '/sites' }, { label: current.record.name, to: `/sites/${siteId}` }, { label: 'Edit' }]}
          />
          {/* Keyed by ETag: reloading after a 412 starts the form again from the latest version. */}
          <SiteForm key={current.etag} current={current} onReload={() => query.refetch()} />
        </>
      )}
    </QueryBoundary>
  );
}
