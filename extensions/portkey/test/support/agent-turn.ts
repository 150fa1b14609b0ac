/**
 * One `openclaw agent --local` turn in a sandbox, with the chat request it
 * caused and the usage OpenClaw reported for it (`--json`).
 */
import { z } from "zod";
import type { RecordedRequest } from "../harness/fake-portkey-cloud.ts";
import type { OpenClawSandbox } from "../harness/openclaw-cli.ts";

// OpenClaw leaves a token bucket out of the report when it is empty.
const tokens = z.number().default(0);
const usageSchema = z
  .object({ input: tokens, output: tokens, cacheRead: tokens, cacheWrite: tokens, cost: z.object({ total: z.number() }).loose() })
  .loose();
const reportSchema = z.object({ meta: z.object({ agentMeta: z.object({ usage: usageSchema }).loose() }).loose() }).loose();

export type AgentUsage = z.infer<typeof usageSchema>;

export interface AgentTurnOptions {
  /** The requests the model's server received, to find the turn's chat request among. */
  requests: () => readonly RecordedRequest[];
  message?: string;
  env?: Record<string, string>;
}

export async function agentTurn(sandbox: OpenClawSandbox, modelRef: string, thinking: string, options: AgentTurnOptions) {
  const before = options.requests().length;
  const run = await sandbox.run(
    ["agent", "--local", "--agent", "main", "--model", modelRef, "--thinking", thinking, "--message", options.message ?? "hello", "--json"],
    options.env ? { env: options.env } : {},
  );
  const chats = options
    .requests()
    .slice(before)
    .filter((request) => request.path === "/v1/chat/completions");
  const body = z.record(z.string(), z.unknown()).catch({}).parse(chats.at(-1)?.json);
  const report = run.code === 0 ? reportSchema.safeParse(JSON.parse(run.stdout)) : undefined;
  if (report && !report.success) throw new Error(`agent --json reported no usage:\n${run.stdout.slice(0, 3000)}`);
  return { run, chats, body, usage: report?.data.meta.agentMeta.usage };
}
