/**
 * The Portkey key as a secret reference (`--secret-input-mode ref`): OpenClaw
 * stores only a reference to PORTKEY_API_KEY, requests still carry the key,
 * and afterwards no file the run produced — config, credential store, logs,
 * caches — and no output or error contains it.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../../harness/fake-portkey-cloud.ts";
import { createInstalledSandbox, filesContaining, onboardArgs, type CliResult, type OpenClawSandbox } from "../../harness/openclaw-cli.ts";

const SECRET_KEY = "pk-secret-ref-7d41e9a0b3";
let cloud: FakePortkeyCloud;
let sandbox: OpenClawSandbox;
const outputs: CliResult[] = [];

async function run(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const result = await sandbox.run(args, { env });
  outputs.push(result);
  return result;
}

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: SECRET_KEY });
  sandbox = await createInstalledSandbox();
});

afterAll(async () => {
  await cloud?.close();
  await sandbox?.remove();
});

describe("the Portkey key as a secret reference", () => {
  it("onboards with --secret-input-mode ref, uses the key from the environment, and leaves it nowhere", async () => {
    const withKey = { PORTKEY_API_KEY: SECRET_KEY };
    const onboard = await run(onboardArgs(sandbox, ["--secret-input-mode", "ref", "--custom-base-url", cloud.baseUrl]), withKey);
    expect(onboard.code, onboard.output).toBe(0);

    const chat = await run(["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "hi", "--json"], withKey);
    expect(chat.code, chat.output).toBe(0);
    expect(cloud.requests.at(-1)?.headers["x-portkey-api-key"]).toBe(SECRET_KEY);

    const image = await run(
      ["infer", "image", "generate", "--model", "portkey/@openai/gpt-image-1", "--prompt", "a dot", "--output", join(sandbox.root, "dot.png"), "--json"],
      withKey,
    );
    expect(image.code, image.output).toBe(0);
    expect(cloud.requests.at(-1)?.headers["x-portkey-api-key"]).toBe(SECRET_KEY);

    // Without the variable the reference cannot be resolved: a clear failure, and no request without a key.
    const before = cloud.requests.length;
    const missing = await run(["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "hi", "--json"]);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/PORTKEY_API_KEY|secret reference|API key/i);
    expect(cloud.requests.slice(before).every((request) => request.headers["x-portkey-api-key"] === SECRET_KEY)).toBe(true);

    const config = (await sandbox.readConfigText()) ?? "";
    expect(config).toContain('"portkey:default"');
    expect(await filesContaining(sandbox.root, SECRET_KEY)).toEqual([]);
    for (const output of outputs) expect(output.output).not.toContain(SECRET_KEY);
  });
});
