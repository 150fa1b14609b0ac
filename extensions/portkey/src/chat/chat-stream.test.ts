import { fileURLToPath } from "node:url";
import type { OpenClawConfig, ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";
import { describe, expect, it } from "vitest";
import { useIsolatedOpenClawState } from "../../test/support/isolated-openclaw-state.ts";
import { MissingPortkeyApiKeyError } from "../gateway/secrets/api-key.ts";
import { wrapPortkeyStream } from "./chat-stream.ts";
import { buildPortkeyModel } from "../catalog/model-catalog.ts";
import type { StreamFn, StreamOptions } from "../sdk-types.ts";

type Model = Parameters<StreamFn>[0];
type Context = Parameters<StreamFn>[1];
type StreamResult = Awaited<ReturnType<StreamFn>>;

const ENV_KEY = "pk-test-chat-env-0123456789";
/** OpenClaw maps PORTKEY_API_KEY to `portkey` through the plugin's manifest, so the config lets it discover the plugin. */
const EXTENSION_DIR = fileURLToPath(new URL("../..", import.meta.url));
const DISCOVERING_CONFIG: OpenClawConfig = { plugins: { load: { paths: [EXTENSION_DIR] } } };

useIsolatedOpenClawState({ portkeyApiKey: ENV_KEY });

interface InnerCall {
  model: Model;
  context: Context;
  options: StreamOptions | undefined;
}

/** An inner stream function that records its calls and streams nothing. */
function recordingStream(): { streamFn: StreamFn; calls: InnerCall[] } {
  const calls: InnerCall[] = [];
  const streamFn: StreamFn = (model, context, options) => {
    calls.push({ model, context, options });
    const stream: StreamResult = {
      async *[Symbol.asyncIterator]() {},
      result: async () => {
        throw new Error("not used in these tests");
      },
    };
    return stream;
  };
  return { streamFn, calls };
}

function portkeyModel(headers?: Record<string, string>): Model {
  const model: Model = buildPortkeyModel({ modelId: "@openai/gpt-4o", baseUrl: "http://127.0.0.1:8787/v1" });
  return headers ? { ...model, headers } : model;
}

function wrapContext(streamFn: StreamFn | undefined, config: OpenClawConfig = DISCOVERING_CONFIG): ProviderWrapStreamFnContext {
  return { provider: "portkey", modelId: "@openai/gpt-4o", config, ...(streamFn ? { streamFn } : {}) };
}

/** Wraps the inner function; fails the test when the wrapper declines to wrap. */
function wrapped(ctx: ProviderWrapStreamFnContext): StreamFn {
  const stream = wrapPortkeyStream(ctx);
  if (!stream) throw new Error("wrapPortkeyStream returned null");
  return stream;
}

const chatContext: Context = { messages: [] };

describe("wrapPortkeyStream", () => {
  it("does not wrap when there is no stream function", () => {
    expect(wrapPortkeyStream(wrapContext(undefined))).toBeNull();
  });

  it("sends the key in x-portkey-api-key, drops the Bearer header and keeps everything else", async () => {
    const inner = recordingStream();
    const model = portkeyModel();
    const signal = new AbortController().signal;
    await wrapped(wrapContext(inner.streamFn))(model, chatContext, {
      apiKey: "pk-from-options-1234",
      temperature: 0.2,
      signal,
      sessionId: "session-42",
      headers: { "x-request-source": "test" },
    });

    expect(inner.calls).toHaveLength(1);
    const call = inner.calls[0];
    expect(call?.model).toBe(model);
    expect(call?.context).toBe(chatContext);
    expect(call?.options?.apiKey).toBe("pk-from-options-1234");
    expect(call?.options?.temperature).toBe(0.2);
    expect(call?.options?.signal).toBe(signal);
    expect(call?.options?.headers).toEqual({
      "x-request-source": "test",
      "x-portkey-api-key": "pk-from-options-1234",
      "x-portkey-trace-id": "openclaw-session-session-42",
      "x-portkey-metadata": JSON.stringify({ openclaw_surface: "agent", openclaw_session_id: "session-42" }),
      authorization: null,
    });
  });

  it("keeps an Authorization header the user configured for the vendor", async () => {
    const inner = recordingStream();
    await wrapped(wrapContext(inner.streamFn))(portkeyModel({ Authorization: "Bearer vendor-key" }), chatContext, {
      apiKey: "pk-from-options-1234",
    });
    const headers = inner.calls[0]?.options?.headers;
    expect(headers?.["x-portkey-api-key"]).toBe("pk-from-options-1234");
    expect(headers).not.toHaveProperty("authorization");
  });

  it("sends the key OpenClaw chose for the run (from prepareRuntimeAuth, in the model's headers) rather than the stored default", async () => {
    const inner = recordingStream();
    await wrapped(wrapContext(inner.streamFn))(portkeyModel({ "x-portkey-api-key": "pk-activated-profile-9" }), chatContext, {});
    expect(inner.calls[0]?.options?.headers?.["x-portkey-api-key"]).toBe("pk-activated-profile-9");
  });

  it("does not take a key typed into the config's headers for OpenClaw's choice", async () => {
    const inner = recordingStream();
    const typed = { "x-portkey-api-key": "pk-typed-into-config" };
    const config: OpenClawConfig = {
      ...DISCOVERING_CONFIG,
      models: { providers: { portkey: { baseUrl: "http://127.0.0.1:8787/v1", headers: typed, models: [] } } },
    };
    await wrapped(wrapContext(inner.streamFn, config))(portkeyModel(typed), chatContext, {});
    expect(inner.calls[0]?.options?.headers?.["x-portkey-api-key"]).toBe(ENV_KEY);
  });

  it("asks OpenClaw's credential store when the call carries no key", async () => {
    const inner = recordingStream();
    await wrapped(wrapContext(inner.streamFn))(portkeyModel(), chatContext, {});
    expect(inner.calls[0]?.options?.headers).toEqual({
      "x-portkey-api-key": ENV_KEY,
      // No session (as in `openclaw infer`): a trace id of the call's own.
      "x-portkey-trace-id": expect.stringMatching(/^openclaw-call-/),
      "x-portkey-metadata": JSON.stringify({ openclaw_surface: "agent" }),
      authorization: null,
    });
  });

  it("refuses to send a request when no key exists anywhere", async () => {
    const inner = recordingStream();
    delete process.env.PORTKEY_API_KEY;
    try {
      await expect(wrapped(wrapContext(inner.streamFn))(portkeyModel(), chatContext, {})).rejects.toBeInstanceOf(MissingPortkeyApiKeyError);
    } finally {
      process.env.PORTKEY_API_KEY = ENV_KEY;
    }
    expect(inner.calls).toHaveLength(0);
  });
});
