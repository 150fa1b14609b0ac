/**
 * Keeps secret headers out of `openclaw.json`. A credential header (a vendor's
 * `Authorization`, say) or an inline Config is saved in an owner-only file in
 * OpenClaw's credentials folder, and the config refers to it through a file
 * secret provider (`secrets.providers.portkey`); OpenClaw resolves the
 * reference at request time. A reference the user chose (`--secret-input-mode
 * ref`) is written as it is. Plain-text secrets from an earlier setup move
 * out the same way on the next onboarding.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import { dirname, join } from "node:path";
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import type { SecretInput, SecretRef } from "openclaw/plugin-sdk/secret-ref-runtime";
import { resolveOAuthDir } from "openclaw/plugin-sdk/state-paths";
import { PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import { errorMessage } from "../gateway/transport/errors.ts";
import { isOpenClawSecretPlaceholder, isPortkeyKeyHeader, isSecretHeader } from "../gateway/secrets/secret-headers.ts";

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
    } else if (typeof value === "string" && !isOpenClawSecretPlaceholder(value) && isSecretHeader(name, value)) {
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
    config: {
      ...withRefs,
      secrets: { ...withRefs.secrets, providers: { ...withRefs.secrets?.providers, [PORTKEY_SECRET_PROVIDER]: secretsProvider } },
    },
    fileValues,
    moved,
    droppedTypedKey,
  };
}

/** How long a save waits for another process's save before it gives up, and when a lock counts as abandoned. */
const LOCK_WAIT_MS = 5_000;
const LOCK_RETRY_MS = 50;
const STALE_LOCK_MS = 30_000;

type SecretFileContents = Record<string, unknown>;

/**
 * The secret file's entries; `{}` when there is none. A file that is not a
 * JSON object stops onboarding: saving over it would drop what it holds.
 */
export async function readSecretFile(path: string): Promise<SecretFileContents> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return {};
    throw new SecretHeaderError(`Cannot read ${path} (${errorMessage(error)}). Fix its permissions, then onboard again.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SecretHeaderError(
      `${path} is not a JSON object, so saving would lose what it holds. Repair it or move it away, then onboard again.`,
    );
  }
  return { ...parsed };
}

/** Serialises saves across processes with an exclusive lock file beside the secret file. */
async function withSecretFileLock<T>(path: string, run: () => Promise<T>): Promise<T> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, "wx", 0o600);
      await handle.close();
      break;
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
      const held = await stat(lockPath).catch(() => undefined);
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new SecretHeaderError(
          `${lockPath} has been held for over ${LOCK_WAIT_MS / 1000} s by another onboarding. Wait for it, or delete the lock file if none is running.`,
        );
      await delay(LOCK_RETRY_MS);
    }
  }
  try {
    return await run();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/** Replaces the file whole: OpenClaw's file provider accepts only a private file with one link. */
async function replaceSecretFile(path: string, contents: SecretFileContents): Promise<void> {
  const replacement = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(replacement, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    await rename(replacement, path);
  } finally {
    await rm(replacement, { force: true });
  }
}

/**
 * Adds the values to the secret file, keeping the headers it already holds,
 * and returns how to undo exactly this save (for an onboarding that fails
 * after it): each value goes back to what it was, or away.
 */
export async function saveSecretHeaderValues(path: string, values: Readonly<Record<string, string>>): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const previous = await withSecretFileLock(path, async () => {
    const contents = await readSecretFile(path);
    await replaceSecretFile(path, { ...contents, ...values });
    return contents;
  });
  return () =>
    withSecretFileLock(path, async () => {
      const contents = await readSecretFile(path);
      for (const name of Object.keys(values)) {
        if (contents[name] !== values[name]) continue;
        if (name in previous) contents[name] = previous[name];
        else delete contents[name];
      }
      await replaceSecretFile(path, contents);
    });
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
  if (secured.droppedTypedKey)
    lines.push("Removed the Portkey key from models.providers.portkey.headers; OpenClaw's credential store holds it.");
  return lines.length > 0 ? lines.join(" ") : undefined;
}
