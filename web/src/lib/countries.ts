// ISO 3166-1 alpha-2 codes the browser can name; the API stores the code only.
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

const codes = Array.from({ length: 26 * 26 }, (_, index) => {
  const first = String.fromCharCode(65 + Math.floor(index / 26));
  const second = String.fromCharCode(65 + (index % 26));
  return `${first}${second}`;
});

function nameOf(code: string): string | undefined {
  try {
    const name = regionNames.of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

// Codes Intl names but that are not countries (reserved or exceptionally reserved).
const notCountries = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'AC', 'CP', 'DG', 'EA', 'IC', 'TA', 'CQ']);

export const countryOptions = codes
  .flatMap((code) => {
    const name = nameOf(code);
    return name && !notCountries.has(code) ? [{ value: code, label: `${name} (${code})` }] : [];
  })
  .sort((a, b) => a.label.localeCompare(b.label));

export function countryName(code: string | null | undefined): string {
  if (!code) return '—';
  return nameOf(code) ?? code;
}
