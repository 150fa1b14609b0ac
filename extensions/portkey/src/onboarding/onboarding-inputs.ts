/**
 * What one onboarding run asks for, read from its flags and environment and
 * checked before anything is written: the gateway URL (`--custom-base-url`,
 * else `PORTKEY_GATEWAY_URL`) and a Portkey Config (`--portkey-config`).
 */
import { normalizePortkeyBaseUrl } from "../gateway/config/base-url.ts";
import { errorMessage } from "../gateway/transport/errors.ts";
import { PORTKEY_CONFIG_HEADER, PORTKEY_GATEWAY_URL_ENV } from "../gateway/config/defaults.ts";
import { parsePortkeyConfig, portkeyConfigHeaderValue } from "../gateway/config/portkey-config.ts";

export const PORTKEY_CONFIG_OPTION = "portkeyConfig";
export const PORTKEY_CONFIG_FLAG = "--portkey-config";

export interface OnboardingInputs {
  /** Set only when this run names a gateway; a stored one is kept otherwise. */
  baseUrl?: string;
  /** Headers this run sets; they replace same-named stored headers and keep all others. */
  headers: Record<string, string>;
}

export class InvalidOnboardingInputError extends Error {
  override name = "InvalidOnboardingInputError";
}

export function stringOption(opts: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = opts?.[key];
  return typeof value === "string" ? value : undefined;
}

function withSource<T>(source: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new InvalidOnboardingInputError(`${source}: ${errorMessage(error)}`);
  }
}

/** The gateway URL this run asks for, if any, and where it came from. */
export function requestedBaseUrl(
  opts: Record<string, unknown> | undefined,
  env: NodeJS.ProcessEnv,
): { baseUrl: string; source: string } | undefined {
  const flag = stringOption(opts, "customBaseUrl");
  if (flag !== undefined)
    return { baseUrl: withSource("--custom-base-url", () => normalizePortkeyBaseUrl(flag)), source: "--custom-base-url" };
  const fromEnv = env[PORTKEY_GATEWAY_URL_ENV];
  if (fromEnv?.trim()) {
    return { baseUrl: withSource(PORTKEY_GATEWAY_URL_ENV, () => normalizePortkeyBaseUrl(fromEnv)), source: PORTKEY_GATEWAY_URL_ENV };
  }
  return undefined;
}

/** Throws an `InvalidOnboardingInputError` naming the flag or variable at fault. */
export function readOnboardingInputs(opts: Record<string, unknown> | undefined, env: NodeJS.ProcessEnv): OnboardingInputs {
  const gateway = requestedBaseUrl(opts, env);
  const configFlag = stringOption(opts, PORTKEY_CONFIG_OPTION);
  const headers: Record<string, string> = {};
  if (configFlag !== undefined) {
    const config = withSource(PORTKEY_CONFIG_FLAG, () => parsePortkeyConfig(configFlag));
    headers[PORTKEY_CONFIG_HEADER] = portkeyConfigHeaderValue(config);
  }
  return { ...(gateway ? { baseUrl: gateway.baseUrl } : {}), headers };
}
