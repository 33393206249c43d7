/**
 * A JSON Schema object that must have the `required` keys and may have no key
 * outside `properties`: how every file format here is checked (rule sets, models).
 */
export function closedObject<const R extends readonly string[], const P extends Record<string, unknown>>(
  required: R,
  properties: P,
) {
  return { type: 'object', additionalProperties: false, required, properties } as const;
}
