/**
 * The path a user takes with a stock OpenClaw: install the plugin, onboard it
 * with `--portkey-api-key`, chat, generate and edit images — all through the
 * real OpenClaw CLI against a local server that plays Portkey cloud.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, TINY_PNG, type FakePortkeyCloud } from "../../harness/fake-portkey-cloud.ts";
import { createOpenClawSandbox, installPlugin, onboardArgs, PORTKEY_TEST_KEY, type OpenClawSandbox } from "../../harness/openclaw-cli.ts";
import { startRecordingProxy } from "../../harness/recording-proxy.ts";

let cloud: FakePortkeyCloud;
let sandbox: OpenClawSandbox;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY });
  sandbox = await createOpenClawSandbox();
});

afterAll(async () => {
  await cloud?.close();
  await sandbox?.remove();
});

function requestsTo(path: string) {
  return cloud.requests.filter((request) => request.path === path);
}

describe("a stock OpenClaw with the Portkey plugin", () => {
  it("installs the plugin from its folder and loads both providers", async () => {
    const install = await installPlugin(sandbox);
    expect(install.code, install.output).toBe(0);

    const inspect = await sandbox.run(["plugins", "inspect", "portkey", "--runtime", "--json"]);
    expect(inspect.code, inspect.output).toBe(0);
    const report = JSON.parse(inspect.stdout) as { plugin: { status: string; providerIds: string[]; imageGenerationProviderIds: string[] } };
    expect(report.plugin.status).toBe("loaded");
    expect(report.plugin.providerIds).toEqual(["portkey"]);
    expect(report.plugin.imageGenerationProviderIds).toEqual(["portkey"]);
  });

  it("onboards non-interactively with --portkey-api-key and keeps the key out of openclaw.json", async () => {
    const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", cloud.baseUrl]));
    expect(onboard.code, onboard.output).toBe(0);
    expect(onboard.output).not.toContain(PORTKEY_TEST_KEY);

    const configText = (await sandbox.readConfigText()) ?? "";
    expect(configText).not.toContain(PORTKEY_TEST_KEY);
    const config = JSON.parse(configText);
    expect(config.models.providers.portkey).toMatchObject({ baseUrl: cloud.baseUrl, api: "openai-completions" });
    expect(config.models.providers.portkey.models.map((model: { id: string }) => model.id)).toContain("@openai/gpt-4o");
    // The default model comes from the gateway's own list, not from the built-in one.
    expect(config.agents.defaults.model.primary).toBe("portkey/@openai-prod/gpt-4o");
    expect(config.auth.profiles["portkey:default"]).toEqual({ provider: "portkey", mode: "api_key" });
    // Onboarding checked the key against the gateway before saving it.
    expect(requestsTo("/v1/models").at(-1)?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
  });

  it("answers `infer model run` through Portkey with the key in x-portkey-api-key and no Bearer header", async () => {
    const before = requestsTo("/v1/chat/completions").length;
    const run = await sandbox.run(["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "ping", "--json"]);
    expect(run.code, run.output).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; outputs: { text: string }[] };
    expect(result.ok).toBe(true);
    expect(result.outputs[0]?.text).toBe("pong from @openai/gpt-4o");

    const chats = requestsTo("/v1/chat/completions").slice(before);
    expect(chats.length).toBeGreaterThan(0);
    for (const chat of chats) {
      expect(chat.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
      expect(chat.headers.authorization).toBeUndefined();
    }
  });

  it("generates an image with `infer image generate` and writes a real PNG", async () => {
    const output = join(sandbox.root, "generated.png");
    const run = await sandbox.run([
      "infer", "image", "generate", "--model", "portkey/@openai/gpt-image-1", "--prompt", "a lighthouse", "--output", output, "--json",
    ]);
    expect(run.code, run.output).toBe(0);
    const result = JSON.parse(run.stdout) as { outputs: { path: string; mimeType: string }[] };
    expect(result.outputs[0]?.mimeType).toBe("image/png");
    const written = await readFile(result.outputs[0]?.path ?? output);
    expect(written.equals(TINY_PNG)).toBe(true);

    const generation = requestsTo("/v1/images/generations").at(-1);
    expect(generation?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
    expect(generation?.json).toMatchObject({ model: "@openai/gpt-image-1", prompt: "a lighthouse", n: 1, size: "1024x1024" });
  });

  it("edits an image with `infer image edit`, sending the input as multipart/form-data", async () => {
    const input = join(sandbox.root, "input.png");
    await writeFile(input, TINY_PNG);
    const output = join(sandbox.root, "edited.png");
    const run = await sandbox.run([
      "infer", "image", "edit", "--model", "portkey/@openai/gpt-image-1", "--prompt", "make it blue", "--file", input, "--output", output, "--json",
    ]);
    expect(run.code, run.output).toBe(0);

    const edit = requestsTo("/v1/images/edits").at(-1);
    expect(edit?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
    expect(edit?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(edit?.form?.fields).toMatchObject({ model: "@openai/gpt-image-1", prompt: "make it blue", n: "1" });
    expect(edit?.form?.files).toEqual([expect.objectContaining({ name: "image", contentType: "image/png", size: TINY_PNG.length })]);
  });

  it("changes nothing in the Portkey, agent and auth settings when onboarding runs again", async () => {
    const before = JSON.parse((await sandbox.readConfigText()) ?? "{}");
    const again = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY]));
    expect(again.code, again.output).toBe(0);
    const after = JSON.parse((await sandbox.readConfigText()) ?? "{}");
    expect(after.models).toEqual(before.models);
    expect(after.agents).toEqual(before.agents);
    expect(after.auth).toEqual(before.auth);
  });

  it("refuses a key Portkey rejects, names the status and Portkey's message, and leaves openclaw.json byte-identical", async () => {
    const before = await sandbox.readConfigText();
    const wrongKey = "pk-wrong-8d1e5a3c";
    const run = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", wrongKey]));
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("HTTP 401");
    expect(run.output).toContain("Invalid API Key");
    expect(run.output).not.toContain(wrongKey);
    expect(await sandbox.readConfigText()).toBe(before);

    // The stored key is still the good one: chat keeps working.
    const chat = await sandbox.run(["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "still there?", "--json"]);
    expect(chat.code, chat.output).toBe(0);
    expect(requestsTo("/v1/chat/completions").at(-1)?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
  });

  it("surfaces a Portkey 401 on chat with the status and message, never the key", async () => {
    cloud.failNext(401, { status: "failure", message: "Invalid API Key. Error Code: 03." });
    const run = await sandbox.run(["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "ping", "--json"]);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("401");
    expect(run.output).toContain("Invalid API Key");
    expect(run.output).not.toContain(PORTKEY_TEST_KEY);
    const chats = requestsTo("/v1/chat/completions");
    // Whatever OpenClaw retried went out with the key, never without credentials.
    for (const chat of chats) expect(chat.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
  });

  it("sends chat, images and model listing alike through the proxy and headers set in models.providers.portkey.request", async () => {
    const proxy = await startRecordingProxy();
    const original = (await sandbox.readConfigText()) ?? "{}";
    try {
      const config = JSON.parse(original);
      config.models.providers.portkey.request = { ...config.models.providers.portkey.request, proxy: { mode: "env-proxy" }, headers: { "x-team": "blue" } };
      await writeFile(sandbox.configPath, JSON.stringify(config, null, 2));
      const runs: [path: string, args: string[]][] = [
        ["/v1/chat/completions", ["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "ping", "--json"]],
        ["/v1/images/generations", ["infer", "image", "generate", "--model", "portkey/@openai/gpt-image-1", "--prompt", "a kite", "--output", join(sandbox.root, "proxied.png"), "--json"]],
        ["/v1/models", ["models", "list", "--refresh", "--provider", "portkey", "--json"]],
      ];
      for (const [path, args] of runs) {
        const tunnels = proxy.requests.length;
        const served = requestsTo(path).length;
        const run = await sandbox.run(args, { env: { HTTP_PROXY: proxy.url } });
        expect(run.code, run.output).toBe(0);
        expect(proxy.requests.slice(tunnels), path).toContain(`CONNECT ${new URL(cloud.baseUrl).host}`);
        const reached = requestsTo(path).slice(served);
        expect(reached.length, path).toBeGreaterThan(0);
        for (const request of reached) expect(request.headers["x-team"], path).toBe("blue");
      }
    } finally {
      await writeFile(sandbox.configPath, original);
      await proxy.close();
    }
  });
});
