import type { FieldError } from '../../platform/errors.js';
import { type CsvColumn, cellError, readRedcapCsv } from './read-redcap-csv.js';

/** A REDCap event of a longitudinal project, with the instruments designated to it (in instrument order). */
export interface RedcapEvent {
  uniqueName: string;
  name: string;
  armNum: number;
  armName: string | null;
  /** null: no designation file was sent (see extract-redcap-metadata: every form then). */
  forms: string[] | null;
}

export interface RedcapEventFiles {
  arms?: Buffer | undefined;
  events?: Buffer | undefined;
  mappings?: Buffer | undefined;
}

const armColumns: CsvColumn<'armNum' | 'name'>[] = [
  { key: 'armNum', names: ['arm_num'], required: true },
  { key: 'name', names: ['name', 'arm_name'], required: true },
];
const eventColumns: CsvColumn<'name' | 'armNum' | 'uniqueName' | 'label' | 'eventId' | 'dayOffset' | 'offsetMin' | 'offsetMax'>[] = [
  { key: 'name', names: ['event_name'], required: true },
  { key: 'armNum', names: ['arm_num'], required: true },
  { key: 'uniqueName', names: ['unique_event_name'], required: true },
  { key: 'label', names: ['custom_event_label'], required: false },
  { key: 'eventId', names: ['event_id'], required: false },
  { key: 'dayOffset', names: ['day_offset'], required: false },
  { key: 'offsetMin', names: ['offset_min'], required: false },
  { key: 'offsetMax', names: ['offset_max'], required: false },
];
const mappingColumns: CsvColumn<'armNum' | 'uniqueName' | 'form'>[] = [
  { key: 'armNum', names: ['arm_num'], required: true },
  { key: 'uniqueName', names: ['unique_event_name'], required: true },
  { key: 'form', names: ['form'], required: true },
];

const armNumber = /^[1-9]\d{0,3}$/;
const uniqueEventName = /^[a-z0-9_]+$/;

/**
 * Reads REDCap's arms, events and instrument designation (the "arm_num, unique_event_name,
 * form" export) into the project's events, checked against each other and against the
 * dictionary's forms. Null when no events were sent: a classic project.
 */
export function readRedcapEvents(files: RedcapEventFiles, forms: string[]): { events: RedcapEvent[] | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!files.events) {
    if (files.arms) errors.push({ pointer: '/events', detail: 'Send the events (event.csv) with the arms.' });
    if (files.mappings) errors.push({ pointer: '/events', detail: 'Send the events (event.csv) with the instrument designation.' });
    return { events: null, errors };
  }
  const arms = new Map<number, string>();
  if (files.arms) {
    const csv = readRedcapCsv('arms', files.arms, armColumns);
    errors.push(...csv.errors);
    for (const r of csv.rows) {
      const column = (key: 'armNum' | 'name') => csv.headerOf[key] ?? key;
      if (!armNumber.test(r.armNum ?? ''))
        errors.push(cellError('arms', r.row, column('armNum'), `"${r.armNum ?? ''}" is not an arm number.`));
      else if (arms.has(Number(r.armNum))) errors.push(cellError('arms', r.row, column('armNum'), `Arm ${r.armNum} is listed twice.`));
      else if (!r.name) errors.push(cellError('arms', r.row, column('name'), 'The arm needs a name.'));
      else arms.set(Number(r.armNum), r.name);
    }
  }
  const csv = readRedcapCsv('events', files.events, eventColumns);
  errors.push(...csv.errors);
  const events: RedcapEvent[] = [];
  for (const r of csv.rows) {
    const problem = (key: keyof typeof csv.headerOf, detail: string) =>
      errors.push(cellError('events', r.row, csv.headerOf[key] ?? key, detail));
    const armNum = Number(r.armNum);
    if (!armNumber.test(r.armNum ?? '')) problem('armNum', `"${r.armNum ?? ''}" is not an arm number.`);
    else if (files.arms && !arms.has(armNum)) problem('armNum', `Arm ${armNum} is not in the arms file.`);
    else if (!r.uniqueName || !uniqueEventName.test(r.uniqueName))
      problem('uniqueName', `"${r.uniqueName ?? ''}" is not a unique event name (lower-case letters, digits and _).`);
    else if (events.some((e) => e.uniqueName === r.uniqueName)) problem('uniqueName', `The event ${r.uniqueName} is listed twice.`);
    else if (!r.name) problem('name', 'The event needs a name.');
    else events.push({ uniqueName: r.uniqueName, name: r.name, armNum, armName: arms.get(armNum) ?? null, forms: null });
  }
  if (files.mappings) {
    const mapped = readRedcapCsv('mappings', files.mappings, mappingColumns);
    errors.push(...mapped.errors);
    const designated = new Map(events.map((e) => [e.uniqueName, new Set<string>()]));
    for (const r of mapped.rows) {
      const problem = (key: keyof typeof mapped.headerOf, detail: string) =>
        errors.push(cellError('mappings', r.row, mapped.headerOf[key] ?? key, detail));
      const event = events.find((e) => e.uniqueName === r.uniqueName);
      const formsOfEvent = designated.get(r.uniqueName ?? '');
      if (!event || !formsOfEvent) problem('uniqueName', `The event "${r.uniqueName ?? ''}" is not in the events file.`);
      else if (String(event.armNum) !== r.armNum)
        problem('armNum', `The event ${event.uniqueName} is in arm ${event.armNum}, not ${r.armNum ?? ''}.`);
      else if (!forms.includes(r.form ?? '')) problem('form', `The data dictionary has no instrument "${r.form ?? ''}".`);
      else if (formsOfEvent.has(r.form ?? '')) problem('form', `${r.form} is designated to ${event.uniqueName} twice.`);
      else formsOfEvent.add(r.form ?? '');
    }
    for (const event of events) event.forms = forms.filter((f) => designated.get(event.uniqueName)?.has(f));
  }
  return { events, errors };
}
