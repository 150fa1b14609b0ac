/**
 * Portkey cloud's Model Catalog names models `@<integration-slug>/<model>`; a
 * bare `gpt-4o` is refused there (a self-hosted gateway takes vendor ids as
 * they are). This is the hint shown when such an id fails.
 */
import { PORTKEY_CLOUD_BASE_URL } from "../gateway/config/defaults.ts";
import { withoutPortkeyPrefix } from "../gateway/config/model-ref.ts";

const PORTKEY_CLOUD_ORIGIN = new URL(PORTKEY_CLOUD_BASE_URL).origin;
const CATALOG_MODEL_ID = /^@[^/\s]+\/\S/;

function isPortkeyCloud(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).origin === PORTKEY_CLOUD_ORIGIN;
  } catch {
    return false;
  }
}

/** The hint for a model id on a gateway, or undefined when the id has the right shape. */
export function portkeyModelIdHint(modelId: string, baseUrl: string): string | undefined {
  const id = withoutPortkeyPrefix(modelId);
  if (!isPortkeyCloud(baseUrl) || CATALOG_MODEL_ID.test(id)) return undefined;
  return (
    'Portkey cloud names models "@<integration-slug>/<model>", e.g. portkey/@openai/gpt-4o. ' +
    "List yours with: openclaw models list --provider portkey --refresh"
  );
}
