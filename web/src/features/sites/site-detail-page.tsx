import { Anchor, Button, Stack } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { DetailList } from '../../components/detail-list';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { countryName } from '../../lib/countries';
import { formatInstant } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { SiteStaffPanel } from '../people/site-staff-panel';
import { SiteStudiesTable } from '../study-sites/site-studies-table';
import { useSite } from './site-api';
import type { Site } from './site-types';

/** The time at the site now, so a coordinator elsewhere knows whether to call. */
function localTimeAt(timeZone: string): string | null {
  try {
    return formatInstant(new Date().toISOString(), timeZone);
  } catch {
    return null;
  }
}

export function SiteDetailPage() {
  const { siteId = '' } = useParams();
  const query = useSite(siteId);
  const canEdit = useCan('site.update');
  const canReadPeople = useCan('person.read');
  return (
    <QueryBoundary query={query} what="site">
      {({ record: site }) => (
        <>
          <PageHeader
            title={site.name}
            subtitle={[site.city, countryName(site.country)].filter(Boolean).join(', ')}
            trail={[{ label: 'Sites', to: '/sites' }, { label: site.name }]}
            actions={
              canEdit && (
                <Button component={Link} to={`/sites/${site.id}/edit`} variant="default" leftSection={<IconPencil size={16} aria-hidden />}>
                  Edit site
                </Button>
              )
            }
          />
          <Stack>
            <SectionCard title="Site details">
              <DetailList items={siteItems(site)} />
            </SectionCard>
            <SectionCard title="Studies at this site">
              <SiteStudiesTable siteId={site.id} />
            </SectionCard>
            {canReadPeople && <SiteStaffPanel siteId={site.id} timeZone={site.timeZone} />}
            <HistoryPanel entityType="site" entityId={site.id} />
          </Stack>
        </>
      )}
    </QueryBoundary>
  );
}

function siteItems(site: Site) {
  const now = localTimeAt(site.timeZone);
  return [
    {
      label: 'Organization',
      value: (
        <Anchor component={Link} to={`/organizations/${site.organizationId}`} size="sm">
          {site.organizationName}
        </Anchor>
      ),
    },
    { label: 'Principal investigator', value: site.principalInvestigator },
    { label: 'Time zone', value: now ? `${site.timeZone} (now ${now.replace(` (${site.timeZone})`, '')})` : site.timeZone },
    {
      label: 'Address',
      value: [site.addressLine, [site.postalCode, site.city].filter(Boolean).join(' '), countryName(site.country)]
        .filter(Boolean)
        .join(', '),
    },
    { label: 'Country code', value: site.country },
    { label: 'Version', value: site.version },
  ];
}
