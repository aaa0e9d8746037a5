import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { DetailList } from '../../components/detail-list';
import { SectionCard } from '../../components/section-card';
import { formatDay } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { phaseOptions, type Study } from './study-types';

export function StudySummaryCard({ study }: { study: Study }) {
  return (
    <SectionCard title="Summary">
      <DetailList
        cols={4}
        items={[
          { label: 'Protocol number', value: study.protocolNumber },
          { label: 'Phase', value: labelOf(phaseOptions, study.phase) },
          {
            label: 'Sponsor',
            value: (
              <Anchor component={Link} to={`/organizations/${study.sponsorOrgId}`} size="sm">
                {study.sponsorName}
              </Anchor>
            ),
          },
          {
            label: 'CRO',
            value:
              study.croOrgId && study.croName ? (
                <Anchor component={Link} to={`/organizations/${study.croOrgId}`} size="sm">
                  {study.croName}
                </Anchor>
              ) : null,
          },
          { label: 'Therapeutic area', value: study.therapeuticArea },
          { label: 'Indication', value: study.indication },
          { label: 'Enrollment target', value: study.enrollmentTarget },
          { label: 'Planned sites', value: study.plannedSites },
          { label: 'Planned FPI', value: formatDay(study.plannedFpiDate) },
          { label: 'Planned LPI', value: formatDay(study.plannedLpiDate) },
        ]}
      />
    </SectionCard>
  );
}
