/** Identifiers and defaults shared by every part of the plugin. */
export const PORTKEY_PROVIDER_ID = "portkey";
export const PORTKEY_LABEL = "Portkey";
export const PORTKEY_CLOUD_BASE_URL = "https://api.portkey.ai/v1";
export const PORTKEY_API_KEY_ENV = "PORTKEY_API_KEY";
export const PORTKEY_API_KEY_HEADER = "x-portkey-api-key";
/** The variable Portkey's SDKs read for a self-hosted gateway. */
export const PORTKEY_GATEWAY_URL_ENV = "PORTKEY_GATEWAY_URL";
