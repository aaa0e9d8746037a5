import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findFormEntry, itemValuesOf } from './data-entry.repo.js';
import type { FormEntry } from './data-entry.schemas.js';
import { loadFormDefinition } from './form-definition.js';
import { formEntryView } from './form-entry-view.js';
import { findVisitForm } from './visit-form.js';

/** A form at a visit: its structure from the CRF metadata, texts in `language`, and the values entered. */
export async function getFormEntry(
  db: Kysely<DB>,
  ctx: RequestContext,
  visitId: string,
  formOid: string,
  language?: string,
): Promise<FormEntry> {
  const visitForm = await findVisitForm(db, ctx, visitId, formOid);
  const lang = language ?? visitForm.crf.default_language;
  const [groups, entry] = await Promise.all([
    loadFormDefinition(db, visitForm.form.id, lang, visitForm.crf.default_language),
    findFormEntry(db, visitId, visitForm.form.id),
  ]);
  const values = entry ? await itemValuesOf(db, entry.id) : [];
  return formEntryView(visitForm, groups, entry, values, lang);
}
