/**
 * The demo's case report forms for AURORA, written for the demo as a CDISC ODM 1.3.2
 * MetaDataVersion and imported by the seed into the protocol version while it is a draft (as a
 * study manager would), so a new user finds forms at every visit: demographics at screening,
 * vital signs at every visit, and an adverse event log (a repeating group) from baseline on.
 * One study event per visit, its OID the visit's code, so the import maps them by itself.
 */
const en = (text: string, de?: string) =>
  `<TranslatedText xml:lang="en">${text}</TranslatedText>${de ? `<TranslatedText xml:lang="de">${de}</TranslatedText>` : ''}`;

interface DemoItem {
  oid: string;
  name: string;
  question: [string, string];
  dataType: string;
  length?: number;
  significantDigits?: number;
  unit?: string;
  mandatory: boolean;
  codeList?: string;
  /** [comparator, value, softHard, message] */
  checks?: [string, string, 'Soft' | 'Hard', string][];
}

const vitalSigns: DemoItem[] = [
  {
    oid: 'I_VSDAT',
    name: 'Assessment date',
    question: ['Date of assessment', 'Datum der Untersuchung'],
    dataType: 'date',
    mandatory: true,
  },
  {
    oid: 'I_SYSBP',
    name: 'Systolic BP',
    question: ['Systolic blood pressure', 'Systolischer Blutdruck'],
    dataType: 'integer',
    length: 3,
    unit: 'MU_MMHG',
    mandatory: true,
    checks: [
      ['GE', '60', 'Hard', 'Systolic blood pressure must be between 60 and 260 mmHg'],
      ['LE', '260', 'Hard', 'Systolic blood pressure must be between 60 and 260 mmHg'],
      ['LE', '160', 'Soft', 'Systolic blood pressure above 160 mmHg: please confirm'],
    ],
  },
  {
    oid: 'I_DIABP',
    name: 'Diastolic BP',
    question: ['Diastolic blood pressure', 'Diastolischer Blutdruck'],
    dataType: 'integer',
    length: 3,
    unit: 'MU_MMHG',
    mandatory: true,
    checks: [
      ['GE', '30', 'Hard', 'Diastolic blood pressure must be between 30 and 160 mmHg'],
      ['LE', '160', 'Hard', 'Diastolic blood pressure must be between 30 and 160 mmHg'],
      ['LE', '100', 'Soft', 'Diastolic blood pressure above 100 mmHg: please confirm'],
    ],
  },
  { oid: 'I_PULSE', name: 'Pulse', question: ['Pulse rate', 'Puls'], dataType: 'integer', length: 3, unit: 'MU_BPM', mandatory: true },
  {
    oid: 'I_TEMP',
    name: 'Temperature',
    question: ['Body temperature', 'Körpertemperatur'],
    dataType: 'float',
    length: 3,
    significantDigits: 1,
    unit: 'MU_CEL',
    mandatory: false,
    checks: [['LE', '38.0', 'Soft', 'Temperature above 38.0 °C: fever to be reported?']],
  },
  {
    oid: 'I_WEIGHT',
    name: 'Weight',
    question: ['Body weight', 'Körpergewicht'],
    dataType: 'float',
    length: 4,
    significantDigits: 1,
    unit: 'MU_KG',
    mandatory: false,
  },
];

const demographics: DemoItem[] = [
  {
    oid: 'I_BRTHDT',
    name: 'Birth date',
    question: ['Year and month of birth', 'Geburtsjahr und -monat'],
    dataType: 'partialDate',
    mandatory: true,
  },
  { oid: 'I_SEX', name: 'Sex', question: ['Sex', 'Geschlecht'], dataType: 'text', length: 1, codeList: 'CL_SEX', mandatory: true },
  {
    oid: 'I_RACE',
    name: 'Race',
    question: ['Race', 'Ethnische Zugehörigkeit'],
    dataType: 'text',
    length: 2,
    codeList: 'CL_RACE',
    mandatory: false,
  },
];

const adverseEvents: DemoItem[] = [
  {
    oid: 'I_AETERM',
    name: 'AE term',
    question: ['Adverse event', 'Unerwünschtes Ereignis'],
    dataType: 'text',
    length: 200,
    mandatory: true,
  },
  { oid: 'I_AESTDT', name: 'AE start', question: ['Start date', 'Beginn'], dataType: 'partialDate', mandatory: true },
  {
    oid: 'I_AESEV',
    name: 'Severity',
    question: ['Severity', 'Schweregrad'],
    dataType: 'integer',
    length: 1,
    codeList: 'CL_SEV',
    mandatory: true,
  },
  {
    oid: 'I_AESER',
    name: 'Serious',
    question: ['Serious?', 'Schwerwiegend?'],
    dataType: 'integer',
    length: 1,
    codeList: 'CL_NY',
    mandatory: true,
  },
];

const codeLists: [string, string, string, [string, string][]][] = [
  [
    'CL_SEX',
    'Sex',
    'text',
    [
      ['F', 'Female'],
      ['M', 'Male'],
    ],
  ],
  [
    'CL_RACE',
    'Race',
    'text',
    [
      ['AI', 'American Indian or Alaska Native'],
      ['AS', 'Asian'],
      ['BL', 'Black or African American'],
      ['PI', 'Native Hawaiian or other Pacific Islander'],
      ['WH', 'White'],
      ['MU', 'More than one race'],
      ['NR', 'Not reported'],
    ],
  ],
  [
    'CL_SEV',
    'Severity',
    'integer',
    [
      ['1', 'Mild'],
      ['2', 'Moderate'],
      ['3', 'Severe'],
    ],
  ],
  [
    'CL_NY',
    'No Yes',
    'integer',
    [
      ['0', 'No'],
      ['1', 'Yes'],
    ],
  ],
];

const units: [string, string][] = [
  ['MU_MMHG', 'mmHg'],
  ['MU_BPM', 'beats/min'],
  ['MU_CEL', '°C'],
  ['MU_KG', 'kg'],
];

function itemDef(item: DemoItem): string {
  const size = `${item.length ? ` Length="${item.length}"` : ''}${item.significantDigits !== undefined ? ` SignificantDigits="${item.significantDigits}"` : ''}`;
  const checks = (item.checks ?? [])
    .map(
      ([comparator, value, softHard, message]) =>
        `<RangeCheck Comparator="${comparator}" SoftHard="${softHard}"><CheckValue>${value}</CheckValue>${item.unit ? `<MeasurementUnitRef MeasurementUnitOID="${item.unit}"/>` : ''}<ErrorMessage>${en(message)}</ErrorMessage></RangeCheck>`,
    )
    .join('');
  return `<ItemDef OID="${item.oid}" Name="${item.name}" DataType="${item.dataType}"${size}><Question>${en(...item.question)}</Question>${
    item.unit ? `<MeasurementUnitRef MeasurementUnitOID="${item.unit}"/>` : ''
  }${checks}${item.codeList ? `<CodeListRef CodeListOID="${item.codeList}"/>` : ''}</ItemDef>`;
}

const itemRefs = (items: DemoItem[]) =>
  items.map((item, i) => `<ItemRef ItemOID="${item.oid}" Mandatory="${item.mandatory ? 'Yes' : 'No'}" OrderNumber="${i + 1}"/>`).join('');

/** The ODM file for a protocol's visits (code and name): screening gets demographics, every visit vital signs and the AE log. */
export function demoCrfOdm(visits: { code: string; name: string; kind: string }[]): string {
  const formsOf = (kind: string) => (kind === 'screening' ? ['F_DM', 'F_VS'] : ['F_VS', 'F_AE']);
  const events = visits
    .map(
      (v) =>
        `<StudyEventDef OID="${v.code}" Name="${v.name}" Repeating="No" Type="${v.kind === 'unscheduled' ? 'Unscheduled' : 'Scheduled'}">${formsOf(
          v.kind,
        )
          .map((f, i) => `<FormRef FormOID="${f}" Mandatory="Yes" OrderNumber="${i + 1}"/>`)
          .join('')}</StudyEventDef>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="TRIALDESK-DEMO-AURORA-CRF" CreationDateTime="2026-01-05T09:00:00Z">
<Study OID="AURORA">
<GlobalVariables><StudyName>AURORA</StudyName><StudyDescription>AURORA demo case report forms</StudyDescription><ProtocolName>NWT-101-02</ProtocolName></GlobalVariables>
<BasicDefinitions>${units.map(([oid, symbol]) => `<MeasurementUnit OID="${oid}" Name="${symbol}"><Symbol>${en(symbol)}</Symbol></MeasurementUnit>`).join('')}</BasicDefinitions>
<MetaDataVersion OID="MDV.AURORA.1" Name="AURORA forms 1.0">
<Protocol>${visits.map((v, i) => `<StudyEventRef StudyEventOID="${v.code}" OrderNumber="${i + 1}" Mandatory="${v.kind === 'unscheduled' ? 'No' : 'Yes'}"/>`).join('')}</Protocol>
${events}
<FormDef OID="F_DM" Name="Demographics" Repeating="No"><ItemGroupRef ItemGroupOID="IG_DM" Mandatory="Yes" OrderNumber="1"/></FormDef>
<FormDef OID="F_VS" Name="Vital signs" Repeating="No"><ItemGroupRef ItemGroupOID="IG_VS" Mandatory="Yes" OrderNumber="1"/></FormDef>
<FormDef OID="F_AE" Name="Adverse events" Repeating="No"><ItemGroupRef ItemGroupOID="IG_AE" Mandatory="No" OrderNumber="1"/></FormDef>
<ItemGroupDef OID="IG_DM" Name="Demographics" Repeating="No">${itemRefs(demographics)}</ItemGroupDef>
<ItemGroupDef OID="IG_VS" Name="Vital signs" Repeating="No">${itemRefs(vitalSigns)}</ItemGroupDef>
<ItemGroupDef OID="IG_AE" Name="Adverse event log" Repeating="Yes">${itemRefs(adverseEvents)}</ItemGroupDef>
${[...demographics, ...vitalSigns, ...adverseEvents].map(itemDef).join('\n')}
${codeLists
  .map(
    ([oid, name, dataType, items]) =>
      `<CodeList OID="${oid}" Name="${name}" DataType="${dataType}">${items
        .map(([code, decode]) => `<CodeListItem CodedValue="${code}"><Decode>${en(decode)}</Decode></CodeListItem>`)
        .join('')}</CodeList>`,
  )
  .join('\n')}
</MetaDataVersion>
</Study>
</ODM>
`;
}
