import { z } from 'zod';
import { optionalText } from '../../platform/http/fields.js';

const text = z.string().nullable().describe('In the language asked for, else the default language, else any; null when the file has none');

const rangeCheckSchema = z.object({
  comparator: z.enum(['LT', 'LE', 'GT', 'GE', 'EQ', 'NE', 'IN', 'NOTIN']).nullable(),
  softHard: z.enum(['Soft', 'Hard']).describe('Hard refuses a value; Soft keeps it and opens a query (edit checks, not built yet)'),
  checkValues: z.array(z.string()),
  unit: z.string().nullable().describe("The measurement unit's symbol"),
  formalExpression: z.object({ context: z.string(), expression: z.string() }).nullable(),
  errorMessage: text,
});

const itemSchema = z.object({
  oid: z.string(),
  name: z.string(),
  dataType: z.string(),
  length: z.number().int().nullable(),
  significantDigits: z.number().int().nullable(),
  question: text,
  mandatory: z.boolean(),
  identifying: z.boolean().describe("Identifies the participant (a REDCap field's Identifier?): kept from sponsor and CRO users"),
  collectionExceptionConditionOid: z.string().nullable().describe('Stored, evaluated by data entry later'),
  methodOid: z.string().nullable(),
  units: z.array(z.object({ oid: z.string(), symbol: text })),
  codeList: z
    .object({
      oid: z.string(),
      name: z.string(),
      dataType: z.string(),
      items: z.array(z.object({ codedValue: z.string(), decode: text })),
    })
    .nullable(),
  rangeChecks: z.array(rangeCheckSchema),
});

const itemGroupSchema = z.object({
  oid: z.string(),
  name: z.string(),
  repeating: z.boolean(),
  mandatory: z.boolean(),
  collectionExceptionConditionOid: z.string().nullable(),
  items: z.array(itemSchema),
});

const formSchema = z.object({
  oid: z.string(),
  name: z.string(),
  repeating: z.boolean(),
  description: text,
  itemGroups: z.array(itemGroupSchema),
});

const studyEventSchema = z.object({
  oid: z.string(),
  name: z.string(),
  type: z.enum(['Scheduled', 'Unscheduled', 'Common']),
  repeating: z.boolean(),
  mandatory: z.boolean(),
  sequence: z.number().int(),
  visitCode: z.string().nullable().describe('The protocol visit the event is collected at; null: not mapped'),
  mappedBy: z.enum(['oid', 'name', 'manual']).nullable(),
  forms: z.array(z.object({ oid: z.string(), mandatory: z.boolean(), collectionExceptionConditionOid: z.string().nullable() })),
});

export const crfMetadataCountsSchema = z.object({
  studyEvents: z.number().int(),
  forms: z.number().int(),
  itemGroups: z.number().int(),
  items: z.number().int(),
  codeLists: z.number().int(),
  measurementUnits: z.number().int(),
  conditions: z.number().int(),
});

export const crfMetadataSchema = z.object({
  id: z.uuid(),
  protocolVersionId: z.uuid(),
  studyOid: z.string(),
  oid: z.string().describe("The ODM MetaDataVersion's OID"),
  name: z.string(),
  description: z.string().nullable(),
  fileName: z.string(),
  fileSha256: z.string(),
  importedAt: z.string(),
  version: z.number().int(),
  language: z.string().describe('The language the texts were asked in'),
  defaultLanguage: z.string(),
  languages: z.array(z.string()),
  counts: crfMetadataCountsSchema,
  visits: z.array(z.object({ code: z.string(), name: z.string() })).describe("The protocol version's visits, in schedule order"),
  studyEvents: z.array(studyEventSchema),
  unmappedEvents: z.array(z.string()).describe('OIDs of study events mapped to no visit'),
  visitsWithoutForms: z.array(z.string()).describe('Codes of visits no study event is mapped to'),
  forms: z.array(formSchema),
  conditions: z
    .array(
      z.object({
        oid: z.string(),
        kind: z.enum(['condition', 'method']),
        name: z.string(),
        description: text,
        context: z.string().nullable().describe("The expression's language: the FormalExpression's Context, or REDCap"),
        expression: z.string().nullable().describe('As written in the file; evaluated by edit checks and data entry later'),
      }),
    )
    .describe(
      "ConditionDefs and MethodDefs. A REDCap condition is its branching logic as written: the item is collected only when it is TRUE (ODM's own conditions skip the item when true)",
    ),
});
export type CrfMetadata = z.infer<typeof crfMetadataSchema>;

export const crfMetadataQuerySchema = z.strictObject({
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, { message: 'Must be a language tag such as de or en-US.' })
    .optional(),
});

export const importCrfMetadataFieldsSchema = z.strictObject({
  metaDataVersionOid: z.string().min(1).max(200).optional(),
  reason: optionalText(1000),
});

export const importRedcapFieldsSchema = z.strictObject({ reason: optionalText(1000) });

export const updateEventMappingSchema = z.strictObject({
  mappings: z
    .array(
      z.strictObject({
        studyEventOid: z.string().min(1).max(200),
        visitCode: z.string().min(1).max(50).nullable().describe('null leaves the event unmapped'),
      }),
    )
    .min(1)
    .max(500),
  reason: optionalText(1000),
});
export type UpdateEventMapping = z.infer<typeof updateEventMappingSchema>;
