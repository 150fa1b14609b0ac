/**
 * A self-hosted Portkey gateway through the real OpenClaw CLI: onboarding with
 * --custom-base-url / PORTKEY_GATEWAY_URL and --portkey-config, chat and a
 * failed stream, and the inputs that must be refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { createInstalledSandbox, createOpenClawSandbox, filesContaining, onboardArgs, seedConfig, type OpenClawSandbox } from "../../harness/openclaw-cli.ts";
import { startPortkeyGateway, type PortkeyGateway } from "../../harness/portkey-gateway.ts";
import { startVendorStandIn, type VendorStandIn } from "../../harness/vendor-stand-in.ts";

const PORTKEY_KEY = "pk-self-hosted-3c9d";

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

/**
 * The vendor key is in the plugin's owner-only secret file and nowhere else
 * (but in the backups OpenClaw makes of a config it replaces).
 */
async function expectVendorKeyOnlyInSecretFile(sandbox: OpenClawSandbox): Promise<void> {
  const secretFile = join(sandbox.stateDir, "credentials", "portkey-headers.json");
  const holders = await filesContaining(sandbox.root, vendor.apiKey);
  expect(holders.filter((path) => !path.startsWith(`${sandbox.configPath}.bak`))).toEqual([secretFile]);
  const config = JSON.parse((await sandbox.readConfigText()) ?? "{}");
  expect(config.secrets.providers.portkey).toEqual({ source: "file", path: secretFile, mode: "json" });
}

describe("a self-hosted gateway", () => {
  it("is set up from PORTKEY_GATEWAY_URL and --portkey-config, keeps the Config's vendor key out of openclaw.json, and every chat carries that Config", async () => {
    const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
    try {
      const config = JSON.stringify(vendor.configTarget());
      const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_KEY, "--portkey-config", config], "portkey-self-hosted"), {
        env: { PORTKEY_GATEWAY_URL: gateway.baseUrl },
      });
      expect(onboard.code, onboard.output).toBe(0);
      const written = JSON.parse((await sandbox.readConfigText()) ?? "{}");
      expect(written.models.providers.portkey.baseUrl).toBe(gateway.baseUrl);
      expect(written.models.providers.portkey.headers).toEqual({ "x-portkey-config": { source: "file", provider: "portkey", id: "/x-portkey-config" } });
      expect(onboard.output).toContain("Kept the secret headers x-portkey-config out of openclaw.json");
      await expectVendorKeyOnlyInSecretFile(sandbox);

      // OpenClaw resolves the reference for `infer` and hands the agent a placeholder it swaps at fetch time.
      for (const args of [chatArgs("hello"), agentArgs]) {
        const run = await sandbox.run(args);
        expect(run.code, run.output).toBe(0);
        expect(run.stdout).toContain("vendor-a says: pong from gpt-4o-mini");
        expect(vendor.requests.at(-1)?.headers.authorization).toBe("Bearer sk-vendor-a");
      }

      // Onboarding again resolves the stored reference for its gateway check and changes nothing.
      const again = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_KEY], "portkey-self-hosted"), { env: { PORTKEY_GATEWAY_URL: gateway.baseUrl } });
      expect(again.code, again.output).toBe(0);
      const rewritten = JSON.parse((await sandbox.readConfigText()) ?? "{}");
      expect([rewritten.models.providers.portkey.headers, rewritten.secrets]).toEqual([written.models.providers.portkey.headers, written.secrets]);

      // A stream the vendor cuts off reaches OpenClaw as a failure, not as the partial text.
      vendor.setFault({ kind: "truncate-stream", afterChunks: 2 });
      const cut = await sandbox.run(chatArgs("hello again"));
      vendor.setFault(undefined);
      expect(cut.code).not.toBe(0);
      expect(cut.output).toContain("ended before the model finished");
      expect(cut.stdout).not.toContain("vendor-a says");
    } finally {
      await sandbox.remove();
    }
  });

  it("moves a vendor key an earlier setup left in openclaw.json out of it, and says so", async () => {
    const sandbox = await createOpenClawSandbox({ copyStateFrom: installed });
    try {
      const headers = { ...vendor.gatewayHeaders(), authorization: `Bearer ${vendor.apiKey}` };
      await seedConfig(sandbox, { models: { providers: { portkey: { baseUrl: gateway.baseUrl, api: "openai-completions", models: [], headers } } } });
      const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_KEY], "portkey-self-hosted"), { env: { PORTKEY_GATEWAY_URL: gateway.baseUrl } });
      expect(onboard.code, onboard.output).toBe(0);
      expect(onboard.output).toContain("Moved the secret headers authorization out of openclaw.json");
      expect(onboard.output).toContain("backups of the previous config (openclaw.json.bak*) still hold them");
      await expectVendorKeyOnlyInSecretFile(sandbox);

      const image = await sandbox.run(["infer", "image", "generate", "--model", "portkey/gpt-image-1", "--prompt", "a lighthouse", "--output", join(sandbox.root, "out.png"), "--json"]);
      expect(image.code, image.output).toBe(0);
      expect(vendor.requests.at(-1)).toMatchObject({ path: "/v1/images/generations", headers: { authorization: `Bearer ${vendor.apiKey}` } });
      const run = await sandbox.run(agentArgs);
      expect(run.code, run.output).toBe(0);
      expect(vendor.requests.at(-1)?.headers.authorization).toBe(`Bearer ${vendor.apiKey}`);
    } finally {
      await sandbox.remove();
    }
  });

  it.each([
    ["no gateway URL", ["--portkey-api-key", PORTKEY_KEY], /needs the gateway URL: pass --custom-base-url <url> or set PORTKEY_GATEWAY_URL/],
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
});
