/**
 * The user manual (the package README, the page npm and ClawHub show) against
 * the code: it names every capability the entry registers and the manifest
 * declares, every metadata surface the plugin sends and every line of the
 * doctor, and it speaks to users only. A new capability, surface or check
 * fails here until the manual describes it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const EXTENSION_DIR = fileURLToPath(new URL("..", import.meta.url));
const SRC_DIR = join(EXTENSION_DIR, "src");

const manual = readFileSync(join(EXTENSION_DIR, "README.md"), "utf8");

/** The manual's section (its heading words) for each `api.register…(` call of index.ts. */
const SECTION_FOR_REGISTER_CALL = new Map([
  ["registerProvider", "Chat"],
  ["registerImageGenerationProvider", "Images"],
  ["registerEmbeddingProvider", "Embeddings and memory search"],
  ["registerMediaUnderstandingProvider", "Audio transcription"],
  ["registerSpeechProvider", "Text to speech"],
  ["registerCli", "openclaw portkey doctor"],
]);

/** The manual's section for each capability contract of openclaw.plugin.json. */
const SECTION_FOR_CONTRACT = new Map([
  ["imageGenerationProviders", "Images"],
  ["embeddingProviders", "Embeddings and memory search"],
  ["mediaUnderstandingProviders", "Audio transcription"],
  ["speechProviders", "Text to speech"],
  ["usageProviders", "Spend and budgets"],
]);

interface Heading {
  level: number;
  text: string;
  line: number;
}

/** Markdown headings outside fenced code blocks, with backticks dropped. */
function headingsOf(markdown: string): Heading[] {
  const headings: Heading[] = [];
  let inFence = false;
  markdown.split("\n").forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) return;
    const match = /^(#{1,6})\s+(.+?)\s*$/.exec(line);
    if (match?.[1] && match[2]) headings.push({ level: match[1].length, text: match[2].replaceAll("`", ""), line: index });
  });
  return headings;
}

const headings = headingsOf(manual);

function hasHeadingWith(words: string): boolean {
  return headings.some((heading) => heading.text.toLowerCase().includes(words.toLowerCase()));
}

/** The text of the second-level section whose heading starts with `title`, up to the next one of its level or above. */
function sectionOf(title: string): string {
  const lines = manual.split("\n");
  const start = headings.find((heading) => heading.level === 2 && heading.text.startsWith(title));
  if (!start) return "";
  const next = headings.find((heading) => heading.line > start.line && heading.level <= 2);
  return lines.slice(start.line, next ? next.line : lines.length).join("\n");
}

function allMatches(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].flatMap((match) => match.slice(1).filter((group): group is string => group !== undefined));
}

/** Source files below `dir` (tests left out), as paths relative to it. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".ts") && !path.endsWith(".test.ts"))
    .toSorted();
}

/** Every `api.register…(` call in index.ts, by method name. */
function registerCalls(): string[] {
  const entry = readFileSync(join(EXTENSION_DIR, "index.ts"), "utf8");
  return [...new Set(allMatches(entry, /\bapi\.(register\w*)\s*\(/g))];
}

const manifestSchema = z.object({ contracts: z.record(z.string(), z.array(z.string())) });

function manifestContracts(): string[] {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(EXTENSION_DIR, "openclaw.plugin.json"), "utf8")));
  return Object.keys(manifest.contracts);
}

/** The string literals of the `PortkeySurface` union, wherever in src/ it is declared. */
function portkeySurfaces(): string[] {
  for (const path of sourceFiles(SRC_DIR)) {
    const declaration = /export type PortkeySurface\s*=\s*([^;]+);/.exec(readFileSync(join(SRC_DIR, path), "utf8"));
    if (declaration?.[1]) return allMatches(declaration[1], /"([^"]+)"/g);
  }
  return [];
}

/** The names the doctor prints its lines under: `name: "…"` (a ternary's two names included) and `probe("…"`. */
function doctorCheckNames(): string[] {
  const doctorDir = join(SRC_DIR, "doctor");
  const names = sourceFiles(doctorDir).flatMap((path) => {
    const text = readFileSync(join(doctorDir, path), "utf8");
    return [
      ...allMatches(text, /\bname:\s*"([^"]+)"/g),
      ...allMatches(text, /\bname:\s*[^,{}"]*\?\s*"([^"]+)"\s*:\s*"([^"]+)"/g),
      ...allMatches(text, /\bprobe\(\s*"([^"]+)"/g),
    ];
  });
  return [...new Set(names)];
}

describe("the user manual", () => {
  it("has a section for every capability index.ts registers", () => {
    const calls = registerCalls();
    expect(calls).toContain("registerProvider");
    const unmapped = calls.filter((call) => !SECTION_FOR_REGISTER_CALL.has(call));
    expect(
      unmapped,
      "index.ts registers something the manual test does not map to a section: describe it in README.md and map it here",
    ).toEqual([]);
    const missing = calls.filter((call) => !hasHeadingWith(SECTION_FOR_REGISTER_CALL.get(call) ?? call));
    expect(missing, "register calls without their section in README.md").toEqual([]);
  });

  it("has a section for every capability contract the manifest declares", () => {
    const contracts = manifestContracts();
    expect(contracts.length).toBeGreaterThan(0);
    const unmapped = contracts.filter((contract) => !SECTION_FOR_CONTRACT.has(contract));
    expect(unmapped, "openclaw.plugin.json declares a contract the manual test does not map to a section").toEqual([]);
    const missing = contracts.filter((contract) => !hasHeadingWith(SECTION_FOR_CONTRACT.get(contract) ?? contract));
    expect(missing, "contracts without their section in README.md").toEqual([]);
  });

  it("names every metadata surface as inline code in its Attribution section", () => {
    const surfaces = portkeySurfaces();
    expect(surfaces).toContain("agent");
    const attribution = sectionOf("Attribution");
    expect(attribution).not.toBe("");
    expect(surfaces.filter((surface) => !attribution.includes(`\`${surface}\``))).toEqual([]);
  });

  it("has a Troubleshooting section that names every doctor check", () => {
    const names = doctorCheckNames();
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual(expect.arrayContaining(["key", "gateway"]));
    const troubleshooting = sectionOf("Troubleshooting");
    expect(troubleshooting).not.toBe("");
    expect(names.filter((name) => !troubleshooting.includes(`\`${name}\``))).toEqual([]);
  });

  it("speaks to users: no test files, no harness", () => {
    expect(manual).not.toMatch(/\.test\.ts/);
    expect(manual).not.toContain("harness/");
  });
});
