import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { TrailNames } from './describe-change.js';

interface NamedRecord {
  id: string;
  label: string;
  study_id: string | null;
}

/**
 * The names of the records an audit page refers to, by id: what a person calls each record
 * (a study by its protocol number, a participant by subject number, a visit by subject number
 * and visit name, a person or user by name). Read only for ids already on a page the caller may
 * see. Participants are named by subject number only and identities never by name
 * (PRODUCT.md: sponsors see the pseudonymous subject ID), so no name leaves the site this way.
 * Each branch looks its ids up by primary key.
 */
export async function findRecordNames(db: Kysely<DB>, ids: readonly string[]): Promise<NamedRecord[]> {
  if (ids.length === 0) return [];
  const list = sql`${[...ids]}::uuid[]`;
  const { rows } = await sql<NamedRecord>`
    select id::text, full_name as label, null::uuid as study_id from users where id = any(${list})
    union all select id::text, name, null from organizations where id = any(${list})
    union all select id::text, protocol_number || ' ' || short_name, id from studies where id = any(${list})
    union all select id::text, name, null from sites where id = any(${list})
    union all select ss.id::text, s.name || ' (' || ss.site_number || ')', ss.study_id from study_sites ss
      join sites s on s.id = ss.site_id where ss.id = any(${list})
    union all select id::text, full_name, null from people where id = any(${list})
    union all select st.id::text, p.full_name || ', ' || replace(st.role, '_', ' '), null from site_staff st
      join people p on p.id = st.person_id where st.id = any(${list})
    union all select id::text, 'Participant ' || subject_number, study_id from participants where id = any(${list})
    union all select id::text, 'Candidate pre-screened ' || prescreened_on::text, study_id from prescreen_candidates where id = any(${list})
    union all select pv.id::text, 'Participant ' || p.subject_number || ', ' || pv.name, p.study_id from participant_visits pv
      join participants p on p.id = pv.participant_id where pv.id = any(${list})
    union all select c.id::text, 'Consent of participant ' || p.subject_number, p.study_id from consents c
      join participants p on p.id = c.participant_id where c.id = any(${list})
    union all select d.id::text, initcap(replace(d.category, '_', ' ')) || coalesce(', participant ' || p.subject_number, ''), d.study_id
      from protocol_deviations d left join participants p on p.id = d.participant_id where d.id = any(${list})
    union all select a.id::text, 'Adverse event of participant ' || p.subject_number, a.study_id from adverse_events a
      join participants p on p.id = a.participant_id where a.id = any(${list})
    union all select r.id::text, 'SAE report of participant ' || p.subject_number, r.study_id from sae_reports r
      join participants p on p.id = r.participant_id where r.id = any(${list})
    union all select r.id::text, 'Re-consent of participant ' || p.subject_number, p.study_id from reconsent_tasks r
      join participants p on p.id = r.participant_id where r.id = any(${list})
    union all select id::text, 'Protocol version ' || version_label, study_id from protocol_versions where id = any(${list})
    union all select id::text, name, null from protocol_visits where id = any(${list})
    union all select id::text, name, null from protocol_arms where id = any(${list})
    union all select id::text, initcap(kind) || ' criterion ' || number::text, null from protocol_criteria where id = any(${list})
    union all select id::text, 'Consent form ' || version_label || ' (' || language || ')', study_id from icf_versions where id = any(${list})
    union all select id::text, title, study_id from documents where id = any(${list})
    union all select dv.id::text, d.title || ', version ' || dv.version_number::text, d.study_id from document_versions dv
      join documents d on d.id = dv.document_id where dv.id = any(${list})
    union all select id::text, label, study_id from delegation_tasks where id = any(${list})
    union all select id::text, name, study_id from milestone_templates where id = any(${list})
    union all select m.id::text, t.name, t.study_id from study_site_milestones m
      join milestone_templates t on t.id = m.template_id where m.id = any(${list})
    union all select id::text, coalesce(title, initcap(replace(kind, '_', ' '))), study_id from training_requirements where id = any(${list})
    union all select id::text, title, study_id from feasibility_questionnaires where id = any(${list})
    union all select id::text, 'Randomization scheme', study_id from randomization_schemes where id = any(${list})
    union all select id::text, 'Signature of ' || printed_name, null from signatures where id = any(${list})`.execute(db);
  return rows;
}

interface StrataFactor {
  code: string;
  label: string;
  levels: { code: string; label: string }[];
}

/** The stratification factors of these studies' randomization schemes: their codes' labels. */
export async function findStrataFactors(db: Kysely<DB>, studyIds: readonly string[]): Promise<StrataFactor[]> {
  if (studyIds.length === 0) return [];
  const rows = await db
    .selectFrom('randomization_schemes')
    .select('strata_factors')
    .where('study_id', 'in', [...studyIds])
    .execute();
  return rows.flatMap((row) => (Array.isArray(row.strata_factors) ? (row.strata_factors as StrataFactor[]) : []));
}

/** Everything needed to name what a page of the trail refers to. */
export async function loadTrailNames(db: Kysely<DB>, ids: readonly string[], studyIds: readonly string[] = []): Promise<TrailNames> {
  const named = await findRecordNames(db, ids);
  const studies = new Set(studyIds);
  for (const record of named) if (record.study_id) studies.add(record.study_id);
  const factors = await findStrataFactors(db, [...studies]);
  return {
    records: new Map(named.map((record) => [record.id, record.label])),
    strata: new Map(
      factors.map((factor) => [
        factor.code.toLowerCase(),
        { label: factor.label, levels: new Map(factor.levels.map((level) => [level.code.toLowerCase(), level.label])) },
      ]),
    ),
  };
}
