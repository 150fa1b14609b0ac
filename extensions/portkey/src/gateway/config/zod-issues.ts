/**
 * One wording for every validation error the plugin reports: where in the
 * input the first problem is (`targets[1].weight`) and what it is.
 */
import type { z } from "zod";

function describePath(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`)).join("");
}

/** "invalid at <path>: <message>" for the first issue of a failed parse. */
export function describeFirstIssue(error: z.ZodError, whole: string): string {
  const issue = error.issues[0];
  return `invalid at ${(issue && describePath(issue.path)) ?? whole}: ${issue?.message ?? "unknown problem"}`;
}
