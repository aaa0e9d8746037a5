const asText = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection": it starts with = + - @ or
 * a tab or carriage return) gets a leading apostrophe, which spreadsheets show as text. The
 * JSON export keeps every value exactly as recorded.
 */
export function safeCell(value: unknown): string {
  const text = asText(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
