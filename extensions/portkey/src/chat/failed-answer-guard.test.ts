import { describe, expect, it } from "vitest";
import { ANSWER_CUT_SHORT, guardFailedAnswers } from "./failed-answer-guard.ts";
import type { StreamFn } from "../sdk-types.ts";

type EventStream = Awaited<ReturnType<StreamFn>>;
type AssistantMessage = Awaited<ReturnType<EventStream["result"]>>;
type AssistantEvent = EventStream extends AsyncIterable<infer Event> ? Event : never;

function message(overrides: Partial<AssistantMessage>): AssistantMessage {
  return {
    role: "assistant",
    content: [{ type: "text", text: "partial ans" }],
    api: "openai-completions",
    provider: "portkey",
    model: "gpt-4o-mini",
    usage: {
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      totalTokens: 0,
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
    },
    stopReason: "stop",
    timestamp: Date.now(),
    ...overrides,
  };
}

/** A stream as OpenClaw's transports emit it: start, a text delta, then the end event, ending in `last`. */
function streamEndingWith(last: AssistantMessage): EventStream {
  const events: AssistantEvent[] = [
    { type: "start", partial: message({ content: [] }) },
    { type: "text_delta", contentIndex: 0, delta: "partial ans", partial: message({}) },
    last.stopReason === "error" || last.stopReason === "aborted"
      ? { type: "error", reason: last.stopReason, error: last }
      : { type: "done", reason: "stop", message: last },
  ];
  return {
    async *[Symbol.asyncIterator]() {
      yield* events;
    },
    result: async () => last,
  };
}

async function collect(stream: EventStream) {
  const events = [];
  for await (const event of stream) events.push(event);
  return { events, result: await stream.result() };
}

describe("guardFailedAnswers", () => {
  it("drops the partial text of an answer that ended without a finish reason, and says so", async () => {
    const failed = message({ stopReason: "error", errorMessage: "Stream ended without finish_reason" });
    const { events, result } = await collect(guardFailedAnswers(streamEndingWith(failed)));
    expect(result.content).toEqual([]);
    expect(result.stopReason).toBe("error");
    expect(result.errorMessage).toMatch(
      /^Portkey's stream ended before the model finished .*partial answer was discarded.*Stream ended without finish_reason/,
    );
    const errorEvent = events.find((event) => event.type === "error");
    expect(errorEvent?.type === "error" ? errorEvent.error.content : undefined).toEqual([]);
  });

  it("keeps other failure messages as they are, without the partial text", async () => {
    const failed = message({ stopReason: "error", errorMessage: "socket hang up" });
    const { result } = await collect(guardFailedAnswers(streamEndingWith(failed)));
    expect(result).toMatchObject({ content: [], errorMessage: "socket hang up" });
  });

  it("passes complete and aborted answers through untouched", async () => {
    const complete = message({ content: [{ type: "text", text: "full answer" }] });
    expect((await collect(guardFailedAnswers(streamEndingWith(complete)))).result).toEqual(complete);
    const aborted = message({ stopReason: "aborted" });
    expect((await collect(guardFailedAnswers(streamEndingWith(aborted)))).result).toEqual(aborted);
  });

  it("turns an answer that finished with nothing in it into a failure", async () => {
    const empty = message({ content: [] });
    const { events, result } = await collect(guardFailedAnswers(streamEndingWith(empty)));
    expect(result).toMatchObject({ stopReason: "error", content: [], errorMessage: expect.stringMatching(/empty answer/) });
    expect(events.at(-1)).toMatchObject({ type: "error", reason: "error" });
  });

  it("lets every event through in order", async () => {
    const { events } = await collect(guardFailedAnswers(streamEndingWith(message({}))));
    expect(events.map((event) => event.type)).toEqual(["start", "text_delta", "done"]);
  });
});

describe("guardFailedAnswers hints", () => {
  it("adds the hint to a model-not-found failure, and only to that", async () => {
    const hint = () => "Use @slug/model ids.";
    const notFound = message({
      stopReason: "error",
      errorMessage: "404 The model `gpt-4o` does not exist or you do not have access to it.",
    });
    expect((await collect(guardFailedAnswers(streamEndingWith(notFound), { hint }))).result.errorMessage).toMatch(
      /does not exist.*Use @slug\/model ids\.$/,
    );
    const other = message({ stopReason: "error", errorMessage: "500 upstream failed" });
    expect((await collect(guardFailedAnswers(streamEndingWith(other), { hint }))).result.errorMessage).toBe("500 upstream failed");
  });
});

describe("guardFailedAnswers redaction", () => {
  it("removes every credential the request carried from a failure's text, escaped forms included", async () => {
    const secrets = () => ["wJalrXUtnFEMI/K7MDENG", "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n"];
    const echoed = message({
      stopReason: "error",
      errorMessage: '400 {"aws_secret_access_key":"wJalrXUtnFEMI/K7MDENG","private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n"}',
    });
    const { events, result } = await collect(guardFailedAnswers(streamEndingWith(echoed), { secrets }));
    expect(result.errorMessage).toBe('400 {"aws_secret_access_key":"[redacted]","private_key":"[redacted]"}');
    const errorEvent = events.find((event) => event.type === "error");
    expect(errorEvent?.type === "error" ? errorEvent.error.errorMessage : undefined).toBe(result.errorMessage);
  });
});

describe("ANSWER_CUT_SHORT", () => {
  it("recognises every failure message the guard writes", async () => {
    const cut = await collect(
      guardFailedAnswers(streamEndingWith(message({ stopReason: "error", errorMessage: "Stream ended without finish_reason" }))),
    );
    const empty = await collect(guardFailedAnswers(streamEndingWith(message({ content: [] }))));
    expect(cut.result.errorMessage).toMatch(ANSWER_CUT_SHORT);
    expect(empty.result.errorMessage).toMatch(ANSWER_CUT_SHORT);
    expect("socket hang up").not.toMatch(ANSWER_CUT_SHORT);
  });
});
