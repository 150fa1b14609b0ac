/**
 * Reading the user's own `x-portkey-metadata` header (JSON object of strings,
 * numbers or booleans). Loaded only when such a header is configured.
 */
import { z } from "zod";
import { PORTKEY_METADATA_HEADER } from "./defaults.ts";

const configuredMetadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export class InvalidPortkeyMetadataError extends Error {
  override name = "InvalidPortkeyMetadataError";
}

export function readConfiguredMetadata(value: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidPortkeyMetadataError(
      `The configured ${PORTKEY_METADATA_HEADER} header is not JSON: give an object such as {"team":"growth","_user":"ana"}.`,
    );
  }
  const result = configuredMetadataSchema.safeParse(parsed);
  if (!result.success) {
    throw new InvalidPortkeyMetadataError(
      `The configured ${PORTKEY_METADATA_HEADER} header must be a JSON object of strings, such as {"team":"growth"}.`,
    );
  }
  return Object.fromEntries(Object.entries(result.data).map(([key, entry]) => [key, String(entry)]));
}
