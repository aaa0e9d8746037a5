/** The form input an API error path (nested, dotted) is shown under. */
export function schemeErrorPath(path: string): string {
  const [field, index, sub] = path.split('.');
  if (field === 'blockSizes' || field === 'blinding' || field === 'stratifyBySite' || field === 'reason') return field;
  if (field === 'arms') return index === undefined ? 'arms' : `arms.${index}.${sub === 'ratio' ? 'ratio' : 'code'}`;
  if (field === 'strataFactors') {
    if (index === undefined) return 'strataFactors';
    return `strataFactors.${index}.${sub === 'code' || sub === 'label' ? sub : 'levels'}`;
  }
  return path;
}
