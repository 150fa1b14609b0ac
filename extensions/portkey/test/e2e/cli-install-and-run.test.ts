/**
 * The path a user takes with a stock OpenClaw against Portkey cloud (a local
 * stand-in): onboard with `--portkey-api-key`, edit an image, and send chat,
 * images and model listing through the request settings the user configured.
 * Chat, generation and the installed copy's turn are in cli-package-install.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePortkeyCloud, TINY_PNG, type FakePortkeyCloud } from "../harness/fake-portkey-cloud.ts";
import { createInstalledSandbox, onboardArgs, PORTKEY_TEST_KEY, type OpenClawSandbox, imageGenerateArgs } from "../harness/openclaw-cli.ts";
import { startRecordingProxy } from "../harness/recording-proxy.ts";

let cloud: FakePortkeyCloud;
let sandbox: OpenClawSandbox;

beforeAll(async () => {
  cloud = await startFakePortkeyCloud({ apiKey: PORTKEY_TEST_KEY });
  sandbox = await createInstalledSandbox();
});

afterAll(async () => {
  await cloud?.close();
  await sandbox?.remove();
});

const chatArgs = ["infer", "model", "run", "--local", "--model", "portkey/@openai/gpt-4o", "--prompt", "ping", "--json"];
const listArgs = ["models", "list", "--refresh", "--provider", "portkey", "--json"];

function requestsTo(path: string) {
  return cloud.requests.filter((request) => request.path === path);
}

describe("a stock OpenClaw with the Portkey plugin", () => {
  it("onboards non-interactively with --portkey-api-key and keeps the key out of openclaw.json", async () => {
    const onboard = await sandbox.run(onboardArgs(sandbox, ["--portkey-api-key", PORTKEY_TEST_KEY, "--custom-base-url", cloud.baseUrl]));
    expect(onboard.code, onboard.output).toBe(0);
    expect(onboard.output).not.toContain(PORTKEY_TEST_KEY);

    const configText = (await sandbox.readConfigText()) ?? "";
    expect(configText).not.toContain(PORTKEY_TEST_KEY);
    const config = JSON.parse(configText);
    expect(config.models.providers.portkey).toMatchObject({ baseUrl: cloud.baseUrl, api: "openai-completions" });
    // No model rows are saved (their figures come from OpenClaw's catalogs at run time), and the
    // default model comes from the gateway's own list.
    expect(config.models.providers.portkey.models).toEqual([]);
    expect(config.agents.defaults.model.primary).toBe("portkey/@openai-prod/gpt-4o");
    expect(config.auth.profiles["portkey:default"]).toEqual({ provider: "portkey", mode: "api_key" });
    // Onboarding checked the key against the gateway before saving it.
    expect(requestsTo("/v1/models").at(-1)?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
  });

  it("edits an image with `infer image edit`, sending the input as multipart/form-data", async () => {
    const input = join(sandbox.root, "input.png");
    await writeFile(input, TINY_PNG);
    const output = join(sandbox.root, "edited.png");
    const run = await sandbox.run([
      "infer",
      "image",
      "edit",
      "--model",
      "portkey/@openai/gpt-image-1",
      "--prompt",
      "make it blue",
      "--file",
      input,
      "--output",
      output,
      "--json",
    ]);
    expect(run.code, run.output).toBe(0);

    const edit = requestsTo("/v1/images/edits").at(-1);
    expect(edit?.headers["x-portkey-api-key"]).toBe(PORTKEY_TEST_KEY);
    expect(edit?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(edit?.form?.fields).toMatchObject({ model: "@openai/gpt-image-1", prompt: "make it blue", n: "1" });
    expect(edit?.form?.files).toEqual([expect.objectContaining({ name: "image", contentType: "image/png", size: TINY_PNG.length })]);
  });

  it("sends chat, images and model listing alike through the proxy and headers set in models.providers.portkey.request", async () => {
    const proxy = await startRecordingProxy();
    const original = (await sandbox.readConfigText()) ?? "{}";
    try {
      const config = JSON.parse(original);
      config.models.providers.portkey.request = {
        ...config.models.providers.portkey.request,
        proxy: { mode: "env-proxy" },
        headers: { "x-team": "blue" },
      };
      await writeFile(sandbox.configPath, JSON.stringify(config, null, 2));
      const runs: [path: string, args: string[]][] = [
        ["/v1/chat/completions", chatArgs],
        ["/v1/images/generations", imageGenerateArgs(join(sandbox.root, "proxied.png"))],
        ["/v1/models", listArgs],
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

  it("sends every call the plugin makes through HTTP_PROXY when no proxy is configured, as OpenClaw sends chat", async () => {
    const proxy = await startRecordingProxy();
    try {
      const gatewayTunnel = `CONNECT ${new URL(cloud.baseUrl).host}`;
      const runs: string[][] = [chatArgs, imageGenerateArgs(join(sandbox.root, "env-proxied.png")), listArgs, ["portkey", "doctor"]];
      for (const args of runs) {
        const tunnels = proxy.requests.length;
        const run = await sandbox.run(args, { env: { HTTP_PROXY: proxy.url } });
        expect(run.output, args.join(" ")).not.toMatch(/could not reach|ECONNREFUSED/);
        expect(proxy.requests.slice(tunnels), args.join(" ")).toContain(gatewayTunnel);
      }
    } finally {
      await proxy.close();
    }
  });
});
