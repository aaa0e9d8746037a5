import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { unsafeFullNameOf } from '../participants/identity.repo.js';
import { armNamesOfStudy } from '../protocols/protocol.repo.js';

/**
 * The participant's name, or the name of one of the study's arms, when the text contains it:
 * texts the sponsor's monitors read (deviations, data queries) must reveal neither who the
 * participant is nor, in a blinded study, the arm.
 */
export async function revealingWords(
  tx: Kysely<DB>,
  identityId: string | null,
  studyId: string,
  text: string,
): Promise<string | undefined> {
  const lower = text.toLowerCase();
  if (identityId) {
    const name = (await unsafeFullNameOf(tx, identityId))?.trim().toLowerCase();
    if (name && lower.includes(name)) return "the participant's name";
  }
  const armNames = await armNamesOfStudy(tx, studyId);
  // Short arm names ("A") would match ordinary words; names are checked from four letters on.
  return armNames.some((name) => name.length >= 4 && lower.includes(name.toLowerCase())) ? 'the treatment arm' : undefined;
}
