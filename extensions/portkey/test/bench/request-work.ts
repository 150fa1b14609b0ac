/**
 * The plugin's own work per chat request: the stream wrapper every chat call
 * goes through (key choice, cached header preparation, trace id, metadata,
 * the failed-answer guard), timed in-process around an inner stream function
 * that does nothing, with the headers a Config-routed setup carries.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { wrapPortkeyStream } from "../../src/chat/chat-stream.ts";
import { buildPortkeyModel } from "../../src/catalog/model-catalog.ts";
import { fallbackDefaultModelId } from "../../src/catalog/chat-models.ts";
import type { StreamFn } from "../../src/sdk-types.ts";

const WARM_UP_CALLS = 5_000;
const CALLS_PER_SAMPLE = 2_000;
const SAMPLES = 15;

type StreamResult = Awaited<ReturnType<StreamFn>>;

const idleStream: StreamResult = {
  async *[Symbol.asyncIterator]() {},
  result: async () => {
    throw new Error("not read by the benchmark");
  },
};

export async function measureRequestWork(): Promise<{ microsPerCall: number; calls: number; samples: number }> {
  const config: OpenClawConfig = {};
  const modelId = fallbackDefaultModelId();
  const wrapped = wrapPortkeyStream({ provider: "portkey", modelId, config, agentId: "main", streamFn: () => idleStream });
  if (!wrapped) throw new Error("the Portkey stream wrapper declined to wrap");
  const model = {
    ...buildPortkeyModel({ modelId, baseUrl: "http://127.0.0.1:8787/v1" }),
    // What a chat request's model carries: the user's routing headers and the key prepareRuntimeAuth added.
    headers: {
      "x-portkey-config": JSON.stringify({ strategy: { mode: "fallback" }, targets: [{ provider: "openai" }, { provider: "anthropic" }] }),
      "x-portkey-metadata": JSON.stringify({ team: "bench", environment: "local" }),
      "x-portkey-api-key": "pk-bench-0123456789",
    },
  };
  const call = async (index: number) => {
    await wrapped(model, { messages: [] }, { sessionId: `bench-session-${index % 30}`, headers: { traceparent: "00-bench-01" } });
  };
  for (let index = 0; index < WARM_UP_CALLS; index++) await call(index);
  const perCall: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    const started = performance.now();
    for (let index = 0; index < CALLS_PER_SAMPLE; index++) await call(index);
    perCall.push(((performance.now() - started) * 1000) / CALLS_PER_SAMPLE);
  }
  perCall.sort((a, b) => a - b);
  return { microsPerCall: perCall[Math.floor(SAMPLES / 2)] ?? 0, calls: SAMPLES * CALLS_PER_SAMPLE, samples: SAMPLES };
}
