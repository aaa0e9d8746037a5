// The server names records and labels fields and values (src/modules/audit/describe-change.ts);
// the web app only picks colours and offers the filters' choices.

const actionColors: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  status_change: 'grape',
  login: 'gray',
  login_failed: 'orange',
  lockout: 'red',
  logout: 'gray',
  sign: 'teal',
  signature_failed: 'orange',
};

export const actionColor = (action: string): string => actionColors[action] ?? 'gray';

export const actionOptions = [
  { value: 'create', label: 'Created' },
  { value: 'update', label: 'Updated' },
  { value: 'status_change', label: 'Status changed' },
  { value: 'delete', label: 'Deleted' },
  { value: 'sign', label: 'Signed' },
  { value: 'signature_failed', label: 'Signature refused' },
];

/** The kinds of record a study's trail holds, in the order a study goes through them. */
export const studyRecordTypeOptions = [
  { value: 'study', label: 'Study' },
  { value: 'protocol_version', label: 'Protocol version' },
  { value: 'icf_version', label: 'Consent form version' },
  { value: 'randomization_scheme', label: 'Randomization scheme' },
  { value: 'study_site', label: 'Study-site' },
  { value: 'study_site_milestone', label: 'Start-up milestone' },
  { value: 'protocol_site_approval', label: 'Site approval of a protocol' },
  { value: 'icf_site_approval', label: 'Site approval of a consent form' },
  { value: 'document', label: 'Document' },
  { value: 'document_version', label: 'Document version' },
  { value: 'delegation_entry', label: 'Delegation log entry' },
  { value: 'prescreen_candidate', label: 'Pre-screening candidate' },
  { value: 'participant', label: 'Participant' },
  { value: 'consent', label: 'Consent' },
  { value: 'participant_visit', label: 'Visit' },
  { value: 'participant_visit_schedule', label: 'Visit schedule' },
  { value: 'protocol_deviation', label: 'Protocol deviation' },
  { value: 'allocation', label: 'Allocation' },
];

/** A SHA-256 hash is identified by its start on screen; the export keeps it whole. */
export const shortenHash = (text: string) => (/^[0-9a-f]{64}$/.test(text) ? `${text.slice(0, 16)}…` : text);
