/**
 * A streamed answer that fails part-way (a vendor reset, or a stream the
 * gateway closes without a finish reason) must reach OpenClaw as a failure.
 * OpenClaw marks such a message as an error but keeps its partial text, and
 * `openclaw infer` then returns that text as a successful answer. This guard
 * drops the partial content from failed messages and says what happened.
 */
import type { StreamFn } from "./sdk-types.ts";

type EventStream = Awaited<ReturnType<StreamFn>>;
type AssistantMessage = Awaited<ReturnType<EventStream["result"]>>;
type AssistantEvent = EventStream extends AsyncIterable<infer Event> ? Event : never;

const NO_FINISH_REASON = /without finish_reason/i;

function withoutPartialAnswer(message: AssistantMessage): AssistantMessage {
  if (message.stopReason !== "error") return message;
  const cause = message.errorMessage ?? "the stream failed";
  const errorMessage = NO_FINISH_REASON.test(cause)
    ? `Portkey's stream ended before the model finished (no finish_reason; the vendor connection was cut or the stream truncated). The partial answer was discarded. (${cause})`
    : cause;
  return { ...message, content: [], errorMessage };
}

function guardEvent(event: AssistantEvent): AssistantEvent {
  return event.type === "error" && event.reason === "error" ? { ...event, error: withoutPartialAnswer(event.error) } : event;
}

export function guardFailedAnswers(stream: EventStream): EventStream {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const event of stream) yield guardEvent(event);
    },
    result: async () => withoutPartialAnswer(await stream.result()),
  };
}
