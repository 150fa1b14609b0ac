/**
 * A streamed answer that fails part-way (a vendor reset, or a stream the
 * gateway closes without a finish reason) must reach OpenClaw as a failure.
 * OpenClaw marks such a message as an error but keeps its partial text, and
 * `openclaw infer` then returns that text as a successful answer. This guard
 * drops the partial content from failed messages and says what happened; an
 * answer that "finished" with nothing in it (no choices) is a failure too.
 */
import { redactSecrets } from "../gateway/transport/redact.ts";
import type { StreamFn } from "../sdk-types.ts";

type EventStream = Awaited<ReturnType<StreamFn>>;
type AssistantMessage = Awaited<ReturnType<EventStream["result"]>>;
type AssistantEvent = EventStream extends AsyncIterable<infer Event> ? Event : never;

const NO_FINISH_REASON = /without finish_reason/i;
const CUT_SHORT_MESSAGE = "Portkey's stream ended before the model finished";
const EMPTY_ANSWER_MESSAGE = "Portkey returned an empty answer: the response had no choices or content.";

/** Recognises the failures this guard reports (and OpenClaw's own no-finish-reason error); keep in step with the messages above. */
export const ANSWER_CUT_SHORT = /without finish_reason|stream ended before the model finished|empty answer/i;

const MODEL_NOT_FOUND = /model[^.]*(not found|does not exist|invalid|unknown)|(unknown|invalid) model/i;

/** Extra words for a failure, e.g. how to name a Portkey cloud model. */
export type FailureHint = () => string | undefined;

export interface FailureText {
  hint?: FailureHint | undefined;
  /** Credentials the request carried (inside a Config, say) that a gateway's error text may echo; asked for only on a failure. */
  secrets?: (() => readonly string[]) | undefined;
}

function withoutPartialAnswer(message: AssistantMessage, { hint, secrets }: FailureText = {}): AssistantMessage {
  if (message.stopReason !== "error") return message;
  const reported = message.errorMessage ?? "the stream failed";
  const cause = secrets ? redactSecrets(reported, secrets()) : reported;
  const explained = NO_FINISH_REASON.test(cause)
    ? `${CUT_SHORT_MESSAGE} (no finish_reason; the vendor connection was cut or the stream truncated). The partial answer was discarded. (${cause})`
    : cause;
  const extra = MODEL_NOT_FOUND.test(cause) ? hint?.() : undefined;
  return { ...message, content: [], errorMessage: extra ? `${explained} ${extra}` : explained };
}

function isEmptyAnswer(message: AssistantMessage): boolean {
  return (message.stopReason === "stop" || message.stopReason === "length") && message.content.length === 0;
}

function asEmptyAnswerFailure(message: AssistantMessage): AssistantMessage {
  return { ...message, stopReason: "error", errorMessage: EMPTY_ANSWER_MESSAGE };
}

function guardMessage(message: AssistantMessage, text: FailureText): AssistantMessage {
  return isEmptyAnswer(message) ? asEmptyAnswerFailure(message) : withoutPartialAnswer(message, text);
}

function guardEvent(event: AssistantEvent, text: FailureText): AssistantEvent {
  if (event.type === "error" && event.reason === "error") return { ...event, error: withoutPartialAnswer(event.error, text) };
  if (event.type === "done" && isEmptyAnswer(event.message))
    return { type: "error", reason: "error", error: asEmptyAnswerFailure(event.message) };
  return event;
}

export function guardFailedAnswers(stream: EventStream, text: FailureText = {}): EventStream {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const event of stream) yield guardEvent(event, text);
    },
    result: async () => guardMessage(await stream.result(), text),
  };
}
