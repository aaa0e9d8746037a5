// Counted in code points, like the server: any script and emoji count as one character each.
export const passwordMinLength = 12;
export const passwordMaxLength = 128;

export function passwordError(value: string): string | null {
  const length = [...value].length;
  return length >= passwordMinLength && length <= passwordMaxLength ? null : `Use ${passwordMinLength} to ${passwordMaxLength} characters.`;
}
