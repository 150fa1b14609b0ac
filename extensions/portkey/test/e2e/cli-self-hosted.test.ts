/**
 * A self-hosted Portkey gateway through the real OpenClaw CLI: onboarding with
 * --custom-base-url / PORTKEY_GATEWAY_URL and --portkey-config, chat and a
 * failed stream, and the inputs that must be refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  createInstalledSandbox,
  createOpenClawSandbox,
  filesContaining,
  onboardArgs,
  seedConfig,
  type OpenClawSandbox,
  imageGenerateArgs,
} from "../harness/openclaw-cli.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../harness/portkey-gateway.ts";
import { startVendorStandIn, type VendorStandIn } from "../harness/vendor-stand-in.ts";

const PORTKEY_KEY = "pk-self-hosted-3c9d";
/** Cloud credentials in a fallback target the gateway never needs to reach: they must stay out of openclaw.json all the same. */
const AWS_SECRET = "wJalrXUtnFEMI-K7MDENG-e2e";
const BEDROCK_FALLBACK = {
  provider: "bedrock",
  aws_access_key_id: "AKIAE2EEXAMPLE",
  aws_secret_access_key: AWS_SECRET,
  aws_region: "us-east-1",
};

let gateway: PortkeyGateway;
let vendor: VendorStandIn;
let installed: OpenClawSandbox;

beforeAll(async () => {
  vendor = await startVendorStandIn({ name: "vendor-a", apiKey: "sk-vendor-a" });
  gateway = await startPortkeyGateway();
  installed = await createInstalledSandbox();
});

afterAll(async () => {
  await gateway?.stop();
  await vendor?.close();
  await installed?.remove();
});

const chatArgs = (prompt: string) => ["infer", "model", "run", "--local", "--model", "portkey/gpt-4o-mini", "--prompt", prompt, "--json"];
const agentArgs = ["agent", "--local", "--agent", "main", "--model", "portkey/gpt-4o-mini", "--message", "hello", "--json"];

const secretFileOf = (sandbox: OpenClawSandbox) => join(sandbox.stateDir, "credentials", "portkey-headers.json");

/**
 * The vendor key (and any other credential given) is in the plugin's
 * owner-only secret file and nowhere else (but in the backups OpenClaw makes
 * of a config it replaces).
 */
async function expectVendorKeyOnlyInSecretFile(sandbox: OpenClawSandbox, credentials: readonly string[] = [vendor.apiKey]): Promise<void> {
  const secretFile = secretFileOf(sandbox);
  for (const credential of credentials) {
    const holders = await filesContaining(sandbox.root, credential);
    expect(holders.filter((path) => !path.startsWith(`${sandbox.configPath}.bak`))).toEqual([secretFile]);
  }
  const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
  expect(config.secrets.providers.portkey).toEqual({ source: "file", path: secretFile, mode: "json" });
}

describe("a self-hosted gateway", () => {
  it("is set up from PORTKEY_GATEWAY_URL and --portkey-config, keeps the Config's credentials out of openclaw.json, every chat carries that Config, and the doctor reads it as a turn does", async () => {
    const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
    try {
      const config = JSON.stringify({ strategy: { mode: "fallback" }, targets: [vendor.configTarget(), BEDROCK_FALLBACK] });
      const onboard = await sandbox.run(
        onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_KEY, "--portkey-config", config], "portkey-self-hosted"),
        {
          env: { PORTKEY_GATEWAY_URL: gateway.baseUrl },
        },
      );
      expect(onboard.code, onboard.output).toBe(0);
      const written = JSON.parse((await sandbox.readConfigText()) ?? "{}");
      expect(written.models.providers.portkey.baseUrl).toBe(gateway.baseUrl);
      expect(written.models.providers.portkey.headers).toEqual({
        "x-portkey-config": { source: "file", provider: "portkey", id: "/x-portkey-config" },
      });
      expect(onboard.output).toContain("Kept the secret headers x-portkey-config out of openclaw.json");
      await expectVendorKeyOnlyInSecretFile(sandbox, [vendor.apiKey, AWS_SECRET]);

      // OpenClaw resolves the reference for `infer` and hands the agent a placeholder it swaps at fetch time.
      for (const args of [chatArgs("hello"), agentArgs]) {
        const run = await sandbox.run(args);
        expect(run.code, run.output).toBe(0);
        expect(run.stdout).toContain("vendor-a says: pong from gpt-4o-mini");
        expect(vendor.requests.at(-1)?.headers.authorization).toBe("Bearer sk-vendor-a");
      }

      // Onboarding again resolves the stored reference for its gateway check and changes nothing.
      const again = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_KEY], "portkey-self-hosted"), {
        env: { PORTKEY_GATEWAY_URL: gateway.baseUrl },
      });
      expect(again.code, again.output).toBe(0);
      const rewritten = JSON.parse((await sandbox.readConfigText()) ?? "{}");
      expect([rewritten.models.providers.portkey.headers, rewritten.secrets]).toEqual([
        written.models.providers.portkey.headers,
        written.secrets,
      ]);

      // The doctor resolves the reference as a turn does: the Config is checked and routes its chat probe.
      const doctor = await sandbox.run(["portkey", "doctor"]);
      expect(doctor.output).toContain("ok   config: inline Config is valid");
      expect(doctor.output).toMatch(/ok {3}chat: \S+ answered/);
      for (const secret of [vendor.apiKey, AWS_SECRET, PORTKEY_KEY]) expect(doctor.output).not.toContain(secret);

      // A stream the vendor cuts off reaches OpenClaw as a failure, not as the partial text.
      vendor.setFault({ kind: "truncate-stream", afterChunks: 2 });
      const cut = await sandbox.run(chatArgs("hello again"));
      vendor.setFault(undefined);
      expect(cut.code).not.toBe(0);
      expect(cut.output).toContain("ended before the model finished");
      expect(cut.stdout).not.toContain("vendor-a says");

      // With the secret file gone a turn cannot send the Config, and the doctor says so instead of "all ok".
      await rm(secretFileOf(sandbox));
      const broken = await sandbox.run(["portkey", "doctor"]);
      expect(broken.code).not.toBe(0);
      expect(broken.output).toMatch(
        /FAIL headers: models\.providers\.portkey\.headers \(x-portkey-config\) refer to a secret OpenClaw could not resolve/,
      );
    } finally {
      await sandbox.remove();
    }
  });

  it("moves a vendor key an earlier setup left in openclaw.json out of it, and says so", async () => {
    const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
    try {
      const headers = { ...vendor.gatewayHeaders(), authorization: `Bearer ${vendor.apiKey}` };
      await seedConfig(sandbox, {
        models: { providers: { portkey: { baseUrl: gateway.baseUrl, api: "openai-completions", models: [], headers } } },
      });
      const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_KEY], "portkey-self-hosted"), {
        env: { PORTKEY_GATEWAY_URL: gateway.baseUrl },
      });
      expect(onboard.code, onboard.output).toBe(0);
      expect(onboard.output).toContain("Moved the secret headers authorization out of openclaw.json");
      expect(onboard.output).toContain("backups of the previous config (openclaw.json.bak*) still hold them");
      await expectVendorKeyOnlyInSecretFile(sandbox);

      const image = await sandbox.run(
        imageGenerateArgs(join(sandbox.root, "out.png"), { model: "portkey/gpt-image-1", prompt: "a lighthouse" }),
      );
      expect(image.code, image.output).toBe(0);
      expect(vendor.requests.at(-1)).toMatchObject({
        path: "/v1/images/generations",
        headers: { authorization: `Bearer ${vendor.apiKey}` },
      });
      const run = await sandbox.run(agentArgs);
      expect(run.code, run.output).toBe(0);
      expect(vendor.requests.at(-1)?.headers.authorization).toBe(`Bearer ${vendor.apiKey}`);
    } finally {
      await sandbox.remove();
    }
  });

  it.each([
    [
      "no gateway URL",
      ["--portkey-api-key", PORTKEY_KEY],
      /needs the gateway URL: pass --custom-base-url <url> or set PORTKEY_GATEWAY_URL/,
    ],
    [
      "a Config with a bad field",
      ["--portkey-api-key", PORTKEY_KEY, "--custom-base-url", "http://127.0.0.1:8787", "--portkey-config", '{"retry":{"attempts":9}}'],
      /--portkey-config: Portkey Config is invalid at retry\.attempts/,
    ],
  ])("refuses %s and writes nothing", async (_label, flags, message) => {
    const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
    try {
      const before = await sandbox.readConfigText();
      const run = await sandbox.run(onboardArgs(sandbox, flags, "portkey-self-hosted"));
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(message);
      expect(await sandbox.readConfigText()).toBe(before);
    } finally {
      await sandbox.remove();
    }
  });

  it("stops, with openclaw.json and the secret file untouched, on a secret file it cannot read, an oversized Config and headers the gateway refuses as too large", async () => {
    const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
    try {
      const withGateway = { env: { PORTKEY_GATEWAY_URL: gateway.baseUrl } };
      const configFlags = (config: object) => ["--portkey-api-key", PORTKEY_KEY, "--portkey-config", JSON.stringify(config)];
      const before = await sandbox.readConfigText();
      // Saving over a file that is not JSON would drop what it holds.
      const damaged = '{ "authorization": "Bearer sk-kept-7f", ';
      await mkdir(dirname(secretFileOf(sandbox)), { recursive: true });
      await writeFile(secretFileOf(sandbox), damaged, { mode: 0o600 });
      const unreadable = await sandbox.run(onboardArgs(sandbox, configFlags(vendor.configTarget()), "portkey-self-hosted"), withGateway);
      expect(unreadable.code).not.toBe(0);
      expect(unreadable.output).toContain("Portkey onboarding stopped, nothing was saved.");
      expect(unreadable.output).toContain("is not a JSON object, so saving would lose what it holds");
      expect(await readFile(secretFileOf(sandbox), "utf8")).toBe(damaged);
      expect(await sandbox.readConfigText()).toBe(before);
      await rm(secretFileOf(sandbox));

      const oversized = { ...vendor.configTarget(), override_params: { metadata: { note: "x".repeat(40 * 1024) } } };
      const large = await sandbox.run(onboardArgs(sandbox, configFlags(oversized), "portkey-self-hosted"), withGateway);
      expect(large.code).not.toBe(0);
      expect(large.output).toMatch(/Portkey Config is \d+ bytes; gateways refuse headers that large \(HTTP 431\)/);
      expect(await sandbox.readConfigText()).toBe(before);

      // Headers that pass every check of the plugin's but not the gateway's: its 431 stops onboarding.
      const seeded = await seedConfig(sandbox, {
        models: {
          providers: {
            portkey: {
              baseUrl: gateway.baseUrl,
              api: "openai-completions",
              models: [],
              headers: { authorization: `Bearer ${vendor.apiKey}`, "x-team-notes": "n".repeat(20 * 1024) },
            },
          },
        },
      });
      const refused = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_KEY], "portkey-self-hosted"), withGateway);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(/nothing was saved\. .*HTTP 431.*too large/);
      expect(await sandbox.readConfigText()).toBe(seeded);
      // The vendor key would have moved to the secret file had onboarding gone on.
      expect(await readFile(secretFileOf(sandbox), "utf8").catch(() => "no secret file")).toBe("no secret file");
    } finally {
      await sandbox.remove();
    }
  });
});
