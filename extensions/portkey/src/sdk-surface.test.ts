/**
 * The plugin ships into OpenClaw releases it was not built with, so it may
 * count only on the SDK's typed public surface: every `openclaw/plugin-sdk/*`
 * subpath the product code names must be exported by the installed OpenClaw
 * with types. The one bundled-only module used is named in its adapter and
 * allowed there alone.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUNDLED_PROVIDER_HTTP_SUBPATH } from "./gateway/transport/provider-request-settings.ts";

const EXTENSION_DIR = fileURLToPath(new URL("..", import.meta.url));
const ADAPTER_FILE = "src/gateway/transport/provider-request-settings.ts";
const SDK_SUBPATH = /["'`](openclaw\/plugin-sdk\/[a-z0-9-]+)["'`]/g;

/** The installed OpenClaw's package.json, found beside the SDK entry the plugin imports. */
function openClawExports(): Record<string, unknown> {
  const entry = fileURLToPath(import.meta.resolve("openclaw/plugin-sdk/plugin-entry"));
  const packageJson: unknown = JSON.parse(readFileSync(join(dirname(entry), "..", "..", "package.json"), "utf8"));
  if (typeof packageJson !== "object" || packageJson === null || !("exports" in packageJson))
    throw new Error("openclaw's package.json has no exports");
  const { exports } = packageJson;
  if (typeof exports !== "object" || exports === null) throw new Error("openclaw's exports are not a map");
  return { ...exports };
}

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Each SDK subpath the product code names, with the file that names it. */
function sdkSubpathsNamed(): { file: string; subpath: string }[] {
  const files = [join(EXTENSION_DIR, "index.ts"), ...productFiles(join(EXTENSION_DIR, "src"))];
  return files.flatMap((path) => {
    const file = relative(EXTENSION_DIR, path);
    return [...readFileSync(path, "utf8").matchAll(SDK_SUBPATH)].flatMap((match) => (match[1] ? [{ file, subpath: match[1] }] : []));
  });
}

function hasTypes(exported: unknown): boolean {
  return typeof exported === "object" && exported !== null && "types" in exported && typeof exported.types === "string";
}

describe("the OpenClaw SDK the plugin uses", () => {
  const exports = openClawExports();
  const named = sdkSubpathsNamed();

  it("is found where the product code names it", () => {
    expect(named.map(({ subpath }) => subpath)).toContain("openclaw/plugin-sdk/plugin-entry");
    expect(named).toContainEqual({ file: ADAPTER_FILE, subpath: BUNDLED_PROVIDER_HTTP_SUBPATH });
  });

  it("is exported by the installed OpenClaw, typed, except the one bundled-only module behind its adapter", () => {
    const problems = named.flatMap(({ file, subpath }) => {
      const exported = exports[`./${subpath.slice("openclaw/".length)}`];
      if (exported === undefined) return [`${file}: ${subpath} is not exported by this OpenClaw`];
      if (hasTypes(exported)) return [];
      if (file === ADAPTER_FILE && subpath === BUNDLED_PROVIDER_HTTP_SUBPATH) return [];
      return [`${file}: ${subpath} ships without types (bundled-only); use a typed subpath, or do it in the plugin`];
    });
    expect(problems).toEqual([]);
  });
});
