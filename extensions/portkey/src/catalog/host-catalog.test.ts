import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeExtensionsDir } from "../../test/support/fake-host-catalog.ts";
import { hostCatalog, hostExtensionsDir, readHostCatalog } from "./host-catalog.ts";

describe("the installed OpenClaw's vendor catalogs", () => {
  const catalog = hostCatalog();

  it("holds every row of the vendor plugins' manifests, with their figures as written", () => {
    for (const vendor of ["anthropic", "openai", "google", "xai"]) {
      const manifest = JSON.parse(readFileSync(join(hostExtensionsDir(), vendor, "openclaw.plugin.json"), "utf8"));
      const rows: { id: string; contextWindow?: number; maxTokens?: number; cost?: unknown }[] =
        manifest.modelCatalog.providers[vendor].models;
      const read = catalog.entries.filter((entry) => entry.provider === vendor);
      expect(
        read.map((entry) => entry.row.id),
        vendor,
      ).toEqual(rows.map((row) => row.id));
      for (const [position, row] of rows.entries()) {
        const figures = Object.fromEntries(
          Object.entries({ contextWindow: row.contextWindow, maxTokens: row.maxTokens, cost: row.cost }).filter(
            ([, value]) => value !== undefined,
          ),
        );
        expect(read[position]?.row, row.id).toMatchObject(figures);
      }
      expect(read[0]?.api, vendor).toBe(manifest.modelCatalog.providers[vendor].api);
    }
  });

  it("knows which plugin OpenClaw gives bare model names to, and the vendors' short names", () => {
    expect(catalog.claimedPrefixes.get("anthropic")).toContain("claude-");
    expect(catalog.claimedPrefixes.get("openai")).toContain("gpt-");
    expect(catalog.aliases.get("anthropic")?.size).toBeGreaterThan(0);
  });

  it("is read once per process", () => {
    expect(hostCatalog()).toBe(catalog);
  });
});

describe("readHostCatalog", () => {
  const row = { id: "acme-1", reasoning: true, contextWindow: 300_000, maxTokens: 32_000, cost: { input: 1, output: 2 } };

  it("skips a manifest that is not JSON, a plugin without a catalog, and a row of the wrong shape", () => {
    const dir = fakeExtensionsDir({
      acme: {
        id: "acme",
        modelCatalog: {
          providers: { acme: { api: "openai-responses", models: [row, { id: "acme-2", contextWindow: "big" }, { name: "no id" }] } },
        },
      },
      broken: "{ not json",
      plain: { id: "plain" },
    });
    const catalog = readHostCatalog(dir);
    expect(catalog.entries).toEqual([{ provider: "acme", pluginId: "acme", api: "openai-responses", row }]);
  });

  it("drops a compat fact of the wrong type rather than the row", () => {
    const dir = fakeExtensionsDir({
      acme: {
        id: "acme",
        modelCatalog: {
          providers: { acme: { models: [{ ...row, compat: { supportsTemperature: "no", supportedReasoningEfforts: ["low"] } }] } },
        },
      },
    });
    expect(readHostCatalog(dir).entries[0]?.row.compat).toEqual({ supportedReasoningEfforts: ["low"] });
  });

  it("drops a row with a malformed price tier, and ignores a malformed alias or prefix list without losing the catalog", () => {
    const tiered = { ...row, id: "acme-3", cost: { input: 1, output: 2, tieredPricing: [{ range: [0, 1, 2], input: 1, output: 2 }] } };
    const dir = fakeExtensionsDir({
      acme: {
        id: "acme",
        modelSupport: { modelPrefixes: "acme-" },
        modelIdNormalization: { providers: { acme: { aliases: { x: 1 } } } },
        modelCatalog: { providers: { acme: { models: [row, tiered] } } },
      },
    });
    const catalog = readHostCatalog(dir);
    expect(catalog.entries.map((entry) => entry.row.id)).toEqual(["acme-1"]);
    expect(catalog.claimedPrefixes.size).toBe(0);
    expect(catalog.aliases.size).toBe(0);
  });

  it("is empty for a folder that does not exist", () => {
    expect(readHostCatalog(join(fakeExtensionsDir({}), "missing")).entries).toEqual([]);
  });
});
