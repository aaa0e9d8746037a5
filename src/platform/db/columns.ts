/**
 * Copies the API fields present in `input` to their columns. `undefined` means "not sent"
 * (left alone); `null` means "clear it".
 */
export function toColumns<Field extends string, Column extends string>(
  input: Partial<Record<NoInfer<Field>, unknown>>,
  columnOf: Record<Field, Column>,
): Partial<Record<Column, never>> {
  const columns: Record<string, unknown> = {};
  for (const field of Object.keys(columnOf) as Field[]) {
    const value = input[field];
    if (value !== undefined) columns[columnOf[field]] = value;
  }
  return columns as Partial<Record<Column, never>>;
}
