import { type RawBuilder, sql } from 'kysely';
import type { TrailScope } from './trail-scope.js';

/**
 * The records that make up a study's trail, each with the study-site it belongs to and the
 * rule that shows it (trail-scope.ts): 'study' records show to whoever sees the study, 'scheme'
 * only to whoever may see its block sizes, 'site'
 * records to whoever sees their study-site, 'participant' records where the caller reads
 * participants, 'identity' where they may identify, 'arm' where they may see arms. Every
 * branch starts from the study's id by index; a new kind of study record adds a branch here.
 * Site-level documents of a site that does not take part in the study are left out.
 */
function studyRecords(studyId: string): RawBuilder<unknown> {
  const s = sql`${studyId}::uuid`;
  return sql`
    select 'study' as entity_type, ${s} as entity_id, null::uuid as study_site_id, 'study' as kind
    union all select 'participant_settings', study_id, null, 'study' from participant_settings where study_id = ${s}
    union all select 'randomization_scheme', id, null, 'scheme' from randomization_schemes where study_id = ${s}
    union all select 'milestone_template', id, null, 'study' from milestone_templates where study_id = ${s}
    union all select 'feasibility_questionnaire', id, null, 'study' from feasibility_questionnaires where study_id = ${s}
    union all select 'protocol_version', id, null, 'study' from protocol_versions where study_id = ${s}
    union all select 'icf_version', id, null, 'study' from icf_versions where study_id = ${s}
    union all select 'document_rule', id, null, 'study' from document_rules where study_id = ${s}
    union all select 'training_requirement', id, null, 'study' from training_requirements where study_id = ${s}
    union all select 'delegation_task', id, null, 'study' from delegation_tasks where study_id = ${s}
    union all select 'study_site', id, id, 'site' from study_sites where study_id = ${s}
    union all select 'study_site_milestone', m.id, m.study_site_id, 'site' from study_site_milestones m
      join study_sites ss on ss.id = m.study_site_id where ss.study_id = ${s}
    union all select 'feasibility_invitation', i.id, i.study_site_id, 'site' from feasibility_invitations i
      join study_sites ss on ss.id = i.study_site_id where ss.study_id = ${s}
    union all select 'feasibility_response', r.id, i.study_site_id, 'site' from feasibility_responses r
      join feasibility_invitations i on i.id = r.invitation_id join study_sites ss on ss.id = i.study_site_id where ss.study_id = ${s}
    union all select 'protocol_site_approval', a.id, a.study_site_id, 'site' from protocol_site_approvals a
      join study_sites ss on ss.id = a.study_site_id where ss.study_id = ${s}
    union all select 'icf_site_approval', a.id, a.study_site_id, 'site' from icf_site_approvals a
      join study_sites ss on ss.id = a.study_site_id where ss.study_id = ${s}
    union all select 'delegation_entry', e.id, e.study_site_id, 'site' from delegation_entries e
      join study_sites ss on ss.id = e.study_site_id where ss.study_id = ${s}
    union all select 'document', d.id, ss.id, case when d.site_id is null then 'study' else 'site' end from documents d
      left join study_sites ss on ss.study_id = d.study_id and ss.site_id = d.site_id
      where d.study_id = ${s} and (d.site_id is null or ss.id is not null)
    union all select 'document_version', v.id, ss.id, case when d.site_id is null then 'study' else 'site' end from document_versions v
      join documents d on d.id = v.document_id left join study_sites ss on ss.study_id = d.study_id and ss.site_id = d.site_id
      where d.study_id = ${s} and (d.site_id is null or ss.id is not null)
    union all select 'document_waiver', w.id, ss.id, 'site' from document_waivers w
      join study_sites ss on ss.study_id = w.study_id and ss.site_id = w.site_id where w.study_id = ${s}
    union all select 'prescreen_candidate', id, study_site_id, 'participant' from prescreen_candidates where study_id = ${s}
    union all select 'participant', id, study_site_id, 'participant' from participants where study_id = ${s}
    union all select 'participant_visit_schedule', id, study_site_id, 'participant' from participants where study_id = ${s}
    union all select 'consent', c.id, p.study_site_id, 'participant' from consents c
      join participants p on p.id = c.participant_id where p.study_id = ${s}
    union all select 'reconsent_task', r.id, p.study_site_id, 'participant' from reconsent_tasks r
      join participants p on p.id = r.participant_id where p.study_id = ${s}
    union all select 'participant_visit', v.id, v.study_site_id, 'participant' from participant_visits v
      join participants p on p.id = v.participant_id where p.study_id = ${s}
    union all select 'emergency_unblinding', u.id, p.study_site_id, 'participant' from emergency_unblindings u
      join participants p on p.id = u.participant_id where p.study_id = ${s}
    union all select 'protocol_deviation', id, study_site_id, 'participant' from protocol_deviations where study_id = ${s}
    union all select 'adverse_event', id, study_site_id, 'participant' from adverse_events where study_id = ${s}
    union all select 'sae_report', id, study_site_id, 'participant' from sae_reports where study_id = ${s}
    union all select 'sae_regulatory_clock', c.id, r.study_site_id, 'participant' from sae_regulatory_clocks c
      join sae_reports r on r.id = c.report_id where c.study_id = ${s}
    union all select 'safety_study_settings', study_id, null, 'study' from safety_study_settings where study_id = ${s}
    union all select 'participant_import_job', j.id, j.study_site_id, 'participant' from participant_import_jobs j
      join study_sites ss on ss.id = j.study_site_id where ss.study_id = ${s}
    union all select 'identity', i.id, i.study_site_id, 'identity' from identities i
      join study_sites ss on ss.id = i.study_site_id where ss.study_id = ${s}
    union all select 'allocation', participant_id, p.study_site_id, 'arm' from allocations a
      join participants p on p.id = a.participant_id where p.study_id = ${s}`;
}

const anyOf = (ids: string[]) => (ids.length === 0 ? sql`false` : sql`r.study_site_id = any(${ids}::uuid[])`);

/** (entity_type, entity_id) of the study's records the caller may read, of one type when given. */
export function visibleStudyRecords(
  scope: TrailScope,
  entityType: string | undefined,
): RawBuilder<{ entity_type: string; entity_id: string }> {
  const ofType = entityType ? sql`and r.entity_type = ${entityType}` : sql``;
  return sql<{ entity_type: string; entity_id: string }>`(select r.entity_type, r.entity_id from (${studyRecords(scope.studyId)}) r
    where (r.kind = 'study'
      or (r.kind = 'scheme' and ${scope.schemeVisible ? sql`true` : sql`false`})
      or (r.kind = 'site' and ${anyOf(scope.studySiteIds)})
      or (r.kind = 'participant' and ${anyOf(scope.participantSiteIds)})
      or (r.kind = 'identity' and ${anyOf(scope.identifySiteIds)})
      or (r.kind = 'arm' and ${anyOf(scope.armSiteIds)})) ${ofType})`;
}
