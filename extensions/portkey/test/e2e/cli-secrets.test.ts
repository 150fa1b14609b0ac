/**
 * The Portkey key as a secret reference (`--secret-input-mode ref`): OpenClaw
 * stores only a reference to PORTKEY_API_KEY, requests still carry the key,
 * and afterwards no file the run produced — config, credential store, logs,
 * caches — and no output or error contains it.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import {
  createInstalledSandbox,
  filesContaining,
  onboardArgs,
  type CliResult,
  type OpenClawSandbox,
  imageGenerateArgs,
} from "../harness/openclaw-cli.ts";

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
  sandboxes.push(sandbox);
});

const sandboxes: OpenClawSandbox[] = [];

afterAll(async () => {
  await cloud?.close();
  await Promise.all(sandboxes.map((home) => home.remove()));
});

describe("the Portkey key as a secret reference", () => {
  it("onboards with --secret-input-mode ref, uses the key from the environment, and leaves it nowhere", async () => {
    const withKey = { PORTKEY_API_KEY: SECRET_KEY };
    const onboard = await run(onboardArgs(sandbox, ["--secret-input-mode", "ref", "--custom-base-url", cloud.baseUrl]), withKey);
    expect(onboard.code, onboard.output).toBe(0);

    const chat = await run(["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "hi", "--json"], withKey);
    expect(chat.code, chat.output).toBe(0);
    expect(cloud.requests.at(-1)?.headers["x-portkey-api-key"]).toBe(SECRET_KEY);

    const image = await run(imageGenerateArgs(join(sandbox.root, "dot.png"), { prompt: "a dot" }), withKey);
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

  it("keeps cloud credentials inside a Config out of every file and every output, even when a hostile gateway echoes them", async () => {
    const awsSecret = "wJalrXUtnFEMI-hostile-91c2";
    const serviceAccountKey = "-----BEGIN PRIVATE KEY-----\\nMIIE-hostile-77\\n-----END PRIVATE KEY-----";
    const config = {
      strategy: { mode: "fallback" },
      targets: [
        { provider: "bedrock", aws_access_key_id: "AKIAHOSTILE0001", aws_secret_access_key: awsSecret, aws_region: "us-east-1" },
        {
          provider: "vertex-ai",
          vertex_region: "europe-west4",
          vertex_service_account_json: { type: "service_account", private_key: serviceAccountKey },
        },
      ],
    };
    const withKey = { PORTKEY_API_KEY: SECRET_KEY };
    // A home of its own: onboarding again where a profile exists only stages the new one.
    sandbox = await createInstalledSandbox();
    sandboxes.push(sandbox);
    const onboard = await run(
      onboardArgs(sandbox, ["--custom-base-url", cloud.baseUrl, "--portkey-config", JSON.stringify(config)]),
      withKey,
    );
    expect(onboard.code, onboard.output).toBe(0);

    // The gateway answers with everything it was sent, as a careless or hostile one would.
    const echoConfig = () => {
      const sent = cloud.requests.at(-1)?.headers["x-portkey-config"];
      return { error: { message: `invalid config ${String(sent)}`, type: "invalid_request_error" } };
    };
    const chat = await run(["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "hi", "--json"], withKey);
    expect(chat.code, chat.output).toBe(0);
    expect(JSON.parse(cloud.requests.at(-1)?.headers["x-portkey-config"] ?? "{}")).toEqual(config);
    cloud.failNext(400, echoConfig());
    const failed = await run(
      ["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "hi", "--json"],
      withKey,
    );
    expect(failed.code).not.toBe(0);
    cloud.failNext(400, echoConfig());
    const doctor = await run(["portkey", "doctor"], withKey);
    expect(doctor.output).toMatch(/FAIL gateway: .*HTTP 400: invalid config .*"aws_secret_access_key":"\[redacted\]"/);

    for (const secret of [awsSecret, "MIIE-hostile-77", "AKIAHOSTILE0001"]) {
      for (const output of outputs) expect(output.output).not.toContain(secret);
      const holders = await filesContaining(sandbox.root, secret);
      expect(holders.filter((path) => !path.endsWith("portkey-headers.json") && !path.includes("openclaw.json.bak"))).toEqual([]);
    }
  });
});
