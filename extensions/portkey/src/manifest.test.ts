import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  PORTKEY_API_KEY_ENV,
  PORTKEY_API_KEY_FLAG,
  PORTKEY_API_KEY_OPTION,
  PORTKEY_AUTH_CHOICE_ID,
  PORTKEY_AUTH_METHOD_ID,
  PORTKEY_ADMIN_API_KEY_ENV,
  PORTKEY_CLI_COMMAND,
  PORTKEY_CLI_DESCRIPTION,
  PORTKEY_SELF_HOSTED_CHOICE_ID,
  PORTKEY_SELF_HOSTED_METHOD_ID,
  PORTKEY_DOCS_PATH,
} from "./gateway/config/defaults.ts";
import { createPortkeyAuthMethods } from "./onboarding/auth-methods.ts";
import { PORTKEY_CONFIG_FLAG, PORTKEY_CONFIG_OPTION } from "./onboarding/onboarding-inputs.ts";

const EXTENSION_DIR = fileURLToPath(new URL("..", import.meta.url));

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

const manifest = readJson(join(EXTENSION_DIR, "openclaw.plugin.json"));

const packageSchema = z.object({
  name: z.string(),
  files: z.array(z.string()),
  dependencies: z.record(z.string(), z.string()).optional(),
  peerDependencies: z.object({ openclaw: z.string() }),
  openclaw: z.object({
    extensions: z.array(z.string()).min(1),
    runtimeExtensions: z.array(z.string()).min(1),
    compat: z.object({ pluginApi: z.string().min(1) }),
    build: z.object({ openclawVersion: z.string().min(1) }),
    install: z.object({ npmSpec: z.string(), minHostVersion: z.string() }),
  }),
});

const choiceSchema = z.object({
  choiceId: z.string(),
  choiceLabel: z.string(),
  choiceHint: z.string(),
  groupLabel: z.string(),
  groupHint: z.string(),
});

/** The version of the OpenClaw package this workspace resolves, found from one of its exported entries. */
function installedOpenClawVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve("openclaw/plugin-sdk/plugin-entry")));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const parsed = z.object({ name: z.string(), version: z.string() }).safeParse(readJson(candidate));
      if (parsed.success && parsed.data.name === "openclaw") return parsed.data.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no package.json for openclaw found");
    dir = parent;
  }
}

describe("openclaw.plugin.json", () => {
  it("declares the API key variable where OpenClaw reads it", () => {
    expect(manifest).toHaveProperty(["setup", "providers", 0, "id"], "portkey");
    expect(manifest).toHaveProperty(["setup", "providers", 0, "envVars"], [PORTKEY_API_KEY_ENV]);
  });

  it("has auth choices that match the onboarding code", () => {
    expect(manifest).toMatchObject({
      providerAuthChoices: [
        {
          provider: "portkey",
          method: PORTKEY_AUTH_METHOD_ID,
          choiceId: PORTKEY_AUTH_CHOICE_ID,
          optionKey: PORTKEY_API_KEY_OPTION,
          cliFlag: PORTKEY_API_KEY_FLAG,
          cliOption: `${PORTKEY_API_KEY_FLAG} <key>`,
          groupLabel: "Portkey",
        },
        {
          provider: "portkey",
          method: PORTKEY_SELF_HOSTED_METHOD_ID,
          choiceId: PORTKEY_SELF_HOSTED_CHOICE_ID,
          optionKey: PORTKEY_CONFIG_OPTION,
          cliFlag: PORTKEY_CONFIG_FLAG,
          cliOption: `${PORTKEY_CONFIG_FLAG} <config>`,
          groupLabel: "Portkey",
        },
      ],
    });
    expect(manifest).toHaveProperty(["setup", "providers", 0, "authMethods"], [PORTKEY_AUTH_METHOD_ID, PORTKEY_SELF_HOSTED_METHOD_ID]);
  });

  it("lists each onboarding choice with the same labels the wizard shows", () => {
    const choices = z.object({ providerAuthChoices: z.array(choiceSchema) }).parse(manifest).providerAuthChoices;
    const wizard = createPortkeyAuthMethods().map((method) => method.wizard);
    expect(wizard).toEqual(
      choices.map((choice) =>
        expect.objectContaining({
          choiceId: choice.choiceId,
          choiceLabel: choice.choiceLabel,
          groupLabel: choice.groupLabel,
          groupHint: choice.groupHint,
        }),
      ),
    );
    expect(createPortkeyAuthMethods().map((method) => method.hint)).toEqual(choices.map((choice) => choice.choiceHint));
  });

  it("claims every capability the entry registers, and loads lazily", () => {
    expect(manifest).toHaveProperty("contracts", {
      imageGenerationProviders: ["portkey"],
      embeddingProviders: ["portkey"],
      mediaUnderstandingProviders: ["portkey"],
      speechProviders: ["portkey"],
      usageProviders: ["portkey"],
    });
    // The admin key is usage-only: OpenClaw scrubs it and never offers it for inference.
    expect(manifest).toHaveProperty("providerUsageAuthEnvVars", { portkey: [PORTKEY_ADMIN_API_KEY_ENV] });
    expect(manifest).toHaveProperty(["activation", "onStartup"], false);
  });

  it("declares the plugin's command with the help text the command registers", () => {
    expect(manifest).toHaveProperty("cliCommands", [
      { name: PORTKEY_CLI_COMMAND, description: PORTKEY_CLI_DESCRIPTION, hasSubcommands: true },
    ]);
  });

  it("uses none of the keys OpenClaw no longer reads", () => {
    expect(manifest).not.toHaveProperty("providerAuthEnvVars");
    expect(manifest).not.toHaveProperty("imageGenerationProviders");
  });
});

describe("package.json", () => {
  const pkg = packageSchema.parse(readJson(join(EXTENSION_DIR, "package.json")));

  it("links a docs page the installed OpenClaw has", () => {
    const sdkEntry = fileURLToPath(import.meta.resolve("openclaw/plugin-sdk/plugin-entry"));
    const docsDir = join(dirname(sdkEntry), "..", "..", "docs");
    expect(existsSync(join(docsDir, `${PORTKEY_DOCS_PATH}.md`)), PORTKEY_DOCS_PATH).toBe(true);
  });

  it("points OpenClaw at entry files that exist", () => {
    for (const entry of pkg.openclaw.extensions) expect(existsSync(join(EXTENSION_DIR, entry)), entry).toBe(true);
  });

  it("records the compatible plugin API and the OpenClaw version it was built against", () => {
    expect(pkg.openclaw.compat.pluginApi).toMatch(/\d{4}\.\d+\.\d+/);
    expect(pkg.openclaw.build.openclawVersion).toBe(installedOpenClawVersion());
    // The peer range claims only the release the suites run against.
    expect(pkg.peerDependencies.openclaw).toBe(`>=${installedOpenClawVersion()} <2026.10.0`);
    expect(pkg.openclaw.install.minHostVersion).toBe(`>=${installedOpenClawVersion()}`);
  });

  it("ships the built entry, under its own name, with nothing to install beside it", () => {
    expect(pkg.openclaw.runtimeExtensions).toEqual(["./dist/index.js"]);
    expect(pkg.files).toContain("dist/**/*.js");
    expect(pkg.openclaw.install.npmSpec).toBe(pkg.name);
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
