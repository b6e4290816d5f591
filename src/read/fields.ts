/**
 * Reading a named field from a parsed record; a dotted name reaches into nested objects
 * (`meta.title`). A key that itself contains the dots wins over the nested path.
 */
export function getField(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  let value: unknown = record;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
