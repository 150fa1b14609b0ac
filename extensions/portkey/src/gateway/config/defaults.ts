/** Identifiers and defaults shared by every part of the plugin. */
export const PORTKEY_PROVIDER_ID = "portkey";
export const PORTKEY_LABEL = "Portkey";
/** OpenClaw's docs page the wizard links beside the Portkey choices: community plugins, how to install and trust them. */
export const PORTKEY_DOCS_PATH = "/plugins/community";
export const PORTKEY_CLOUD_BASE_URL = "https://api.portkey.ai/v1";
export const PORTKEY_API_KEY_ENV = "PORTKEY_API_KEY";
export const PORTKEY_API_KEY_HEADER = "x-portkey-api-key";
/** A Portkey Admin API key, for spend and budgets only (manifest `providerUsageAuthEnvVars`); never sent on inference. */
export const PORTKEY_ADMIN_API_KEY_ENV = "PORTKEY_ADMIN_API_KEY";
/** The request header that carries a Config to Portkey. */
export const PORTKEY_CONFIG_HEADER = "x-portkey-config";
export const PORTKEY_METADATA_HEADER = "x-portkey-metadata";
export const PORTKEY_TRACE_ID_HEADER = "x-portkey-trace-id";
/** Where the open-source gateway listens by default: the wizard's suggestion and the example in errors. */
export const PORTKEY_SELF_HOSTED_DEFAULT_URL = "http://127.0.0.1:8787/v1";
/** The variable Portkey's SDKs read for a self-hosted gateway. */
export const PORTKEY_GATEWAY_URL_ENV = "PORTKEY_GATEWAY_URL";

/** Onboarding ids; they must match `providerAuthChoices` in openclaw.plugin.json (a test checks it). */
export const PORTKEY_AUTH_METHOD_ID = "api-key";
export const PORTKEY_AUTH_CHOICE_ID = "portkey-api-key";
export const PORTKEY_SELF_HOSTED_METHOD_ID = "self-hosted";
export const PORTKEY_SELF_HOSTED_CHOICE_ID = "portkey-self-hosted";
export const PORTKEY_API_KEY_OPTION = "portkeyApiKey";
export const PORTKEY_API_KEY_FLAG = "--portkey-api-key";

/** The plugin's own command, `openclaw portkey doctor`; the text must match `cliCommands` in openclaw.plugin.json (a test checks it). */
export const PORTKEY_CLI_COMMAND = "portkey";
export const PORTKEY_CLI_DESCRIPTION = "Check the Portkey setup: key, gateway, Config, models and each capability";
