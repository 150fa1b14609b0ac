/**
 * Keeps secret headers out of `openclaw.json`. A vendor's `Authorization`, or
 * a Config that carries vendor `api_key`s, is saved in an owner-only file in
 * OpenClaw's credentials folder, and the config refers to it through a file
 * secret provider (`secrets.providers.portkey`); OpenClaw resolves the
 * reference at request time. A reference the user chose (`--secret-input-mode
 * ref`) is written as it is. Plain-text secrets from an earlier setup move
 * out the same way on the next onboarding.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { coerceSecretRef } from "openclaw/plugin-sdk/secret-input";
import { resolveSecretRefValues, type SecretInput, type SecretRef } from "openclaw/plugin-sdk/secret-ref-runtime";
import { resolveOAuthDir } from "openclaw/plugin-sdk/state-paths";
import { PORTKEY_PROVIDER_ID } from "../gateway/defaults.ts";
import { errorMessage } from "../gateway/errors.ts";
import { isOpenClawSecretPlaceholder, isPortkeyKeyHeader, secretsInHeader } from "../gateway/secret-headers.ts";

/** The alias under `secrets.providers` that points at the plugin's secret file. */
export const PORTKEY_SECRET_PROVIDER = "portkey";
const SECRET_FILE_NAME = "portkey-headers.json";

/** A secret header onboarding cannot keep safely; nothing has been written when it is thrown. */
export class SecretHeaderError extends Error {
  override name = "SecretHeaderError";
}

export function portkeySecretFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(resolveOAuthDir(env), SECRET_FILE_NAME);
}

/** The header's place in the secret file, as a JSON pointer (RFC 6901). */
function pointerFor(headerName: string): string {
  return `/${headerName.toLowerCase().replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

function headersOf(cfg: OpenClawConfig): Record<string, SecretInput> {
  return { ...cfg.models?.providers?.[PORTKEY_PROVIDER_ID]?.headers };
}

/**
 * The configured headers that are secret references, resolved, so onboarding
 * can ask the gateway with them before anything is saved.
 */
export async function resolveReferencedHeaders(cfg: OpenClawConfig, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const refs = Object.entries(headersOf(cfg)).flatMap(([name, value]) => {
    const ref = typeof value === "string" ? undefined : coerceSecretRef(value);
    return ref ? [[name, ref] as const] : [];
  });
  if (refs.length === 0) return {};
  let values: Map<string, unknown>;
  try {
    values = await resolveSecretRefValues(refs.map(([, ref]) => ref), { config: cfg, env });
  } catch (error) {
    throw new SecretHeaderError(
      `A header in models.providers.portkey.headers is a secret reference OpenClaw could not resolve (${errorMessage(error)}). Set the secret it names, or remove the header and onboard again.`,
    );
  }
  return Object.fromEntries(refs.flatMap(([name, ref]) => {
    const value = values.get(`${ref.source}:${ref.provider}:${ref.id}`);
    return typeof value === "string" ? [[name, value]] : [];
  }));
}

export interface SecuredConfig {
  /** The config to write: every secret header is a reference. */
  config: OpenClawConfig;
  /** Values for the secret file, by header name; empty when nothing goes there. */
  fileValues: Record<string, string>;
  /** Headers that were in `openclaw.json` in plain text before this run. */
  moved: string[];
  /** Whether a Portkey key typed into the headers was dropped (OpenClaw's credential store holds the key). */
  droppedTypedKey: boolean;
}

/**
 * Replaces the plain-text secret headers of the config onboarding is about to
 * write with references: `chosenRefs` where the user picked one, the secret
 * file otherwise. `previous` is the config as it was, to tell what moved.
 */
export function secureSecretHeaders(
  cfg: OpenClawConfig,
  { previous, chosenRefs = {}, filePath }: { previous: OpenClawConfig; chosenRefs?: Readonly<Record<string, SecretRef>>; filePath: string },
): SecuredConfig {
  const before = headersOf(previous);
  const headers: Record<string, SecretInput> = {};
  const fileValues: Record<string, string> = {};
  const moved: string[] = [];
  let droppedTypedKey = false;
  for (const [name, value] of Object.entries(headersOf(cfg))) {
    if (isPortkeyKeyHeader(name)) {
      droppedTypedKey = true;
      continue;
    }
    const chosen = chosenRefs[name];
    if (chosen) {
      headers[name] = chosen;
    } else if (typeof value === "string" && !isOpenClawSecretPlaceholder(value) && secretsInHeader(name, value).length > 0) {
      fileValues[name.toLowerCase()] = value;
      headers[name] = { source: "file", provider: PORTKEY_SECRET_PROVIDER, id: pointerFor(name) } satisfies SecretRef;
      if (before[name] === value) moved.push(name);
    } else {
      headers[name] = value;
    }
  }
  const provider = cfg.models?.providers?.[PORTKEY_PROVIDER_ID];
  if (!provider) return { config: cfg, fileValues, moved, droppedTypedKey };
  const withRefs: OpenClawConfig = {
    ...cfg,
    models: { ...cfg.models, providers: { ...cfg.models?.providers, [PORTKEY_PROVIDER_ID]: { ...provider, headers } } },
  };
  if (Object.keys(fileValues).length === 0) return { config: withRefs, fileValues, moved, droppedTypedKey };
  const secretsProvider = { source: "file" as const, path: filePath, mode: "json" as const };
  const existing = cfg.secrets?.providers?.[PORTKEY_SECRET_PROVIDER];
  if (existing && JSON.stringify(existing) !== JSON.stringify(secretsProvider)) {
    throw new SecretHeaderError(
      `secrets.providers.${PORTKEY_SECRET_PROVIDER} is already configured for other secrets, and Portkey keeps its secret headers there. Rename that provider (and its references), then onboard again.`,
    );
  }
  return {
    config: { ...withRefs, secrets: { ...withRefs.secrets, providers: { ...withRefs.secrets?.providers, [PORTKEY_SECRET_PROVIDER]: secretsProvider } } },
    fileValues,
    moved,
    droppedTypedKey,
  };
}

async function readSecretFile(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
  } catch {
    return {};
  }
}

/**
 * Adds the values to the secret file, keeping the headers it already holds.
 * Written to a new owner-only file that replaces the old one, because
 * OpenClaw's file provider accepts only a private file with one link.
 */
export async function saveSecretHeaderValues(path: string, values: Readonly<Record<string, string>>): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const contents = { ...(await readSecretFile(path)), ...values };
  const replacement = `${path}.${process.pid}.tmp`;
  await writeFile(replacement, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
  await rename(replacement, path);
}

/** What onboarding tells the user about the headers it kept out of `openclaw.json` (names only). */
export function describeSecuredHeaders(secured: SecuredConfig, filePath: string): string | undefined {
  const lines: string[] = [];
  const stored = Object.keys(secured.fileValues);
  if (secured.moved.length > 0) {
    lines.push(`Moved the secret headers ${secured.moved.join(", ")} out of openclaw.json into ${filePath} (owner-only).`);
    // OpenClaw backs up the config it replaces, and the plugin returns before that backup exists.
    lines.push("OpenClaw's backups of the previous config (openclaw.json.bak*) still hold them: delete those backups, or rotate the keys.");
  } else if (stored.length > 0) {
    lines.push(`Kept the secret headers ${stored.join(", ")} out of openclaw.json, in ${filePath} (owner-only).`);
  }
  if (stored.length > 0) lines.push(`openclaw.json refers to them through the secret provider "${PORTKEY_SECRET_PROVIDER}".`);
  if (secured.droppedTypedKey) lines.push("Removed the Portkey key from models.providers.portkey.headers; OpenClaw's credential store holds it.");
  return lines.length > 0 ? lines.join(" ") : undefined;
}
