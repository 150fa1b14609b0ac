/**
 * The doctor's two lines about model figures: the chat models nobody gave
 * limits and prices, and the user's `models[]` rows that hide newer figures
 * OpenClaw's catalogs have for the same model.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { discoveredChatModelIds, isKnownModel, portkeyModelDefinition, UNKNOWN_MODEL_LIMITS } from "../catalog/model-catalog.ts";
import { PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import type { ModelDefinitionConfig } from "../sdk-types.ts";
import type { DoctorCheck } from "./doctor-check.ts";

/** How many models a line names before it counts the rest. */
const MODELS_NAMED = 8;
const ROWS_PATH = `models.providers.${PORTKEY_PROVIDER_ID}.models[]`;

function nameSome(ids: readonly string[], describe: (id: string) => string = (id) => id): string {
  const more = ids.length > MODELS_NAMED ? ` and ${ids.length - MODELS_NAMED} more` : "";
  return `${ids.slice(0, MODELS_NAMED).map(describe).join(", ")}${more}`;
}

function savedRows(cfg: OpenClawConfig): ModelDefinitionConfig[] {
  return cfg.models?.providers?.[PORTKEY_PROVIDER_ID]?.models ?? [];
}

/**
 * The chat models whose limits and prices neither OpenClaw's catalogs nor the
 * user's own rows give: they run with conservative figures and no cost. Not a
 * failure, but the user should know and can fix it.
 */
export function modelFiguresCheck(cfg: OpenClawConfig, primary: string, listedIds: readonly string[]): DoctorCheck {
  const configured = new Set(savedRows(cfg).map((model) => model.id));
  const chatIds = discoveredChatModelIds([primary, ...listedIds]);
  const unknown = chatIds.filter((id) => !configured.has(id) && !isKnownModel(id));
  if (unknown.length === 0)
    return {
      name: "model figures",
      ok: true,
      detail: `limits and prices known for all ${chatIds.length} chat models (OpenClaw's catalogs, your models[] rows)`,
    };
  return {
    name: "model figures",
    ok: true,
    detail:
      `${unknown.length} of ${chatIds.length} chat models are unknown to OpenClaw's catalogs and run with a ${UNKNOWN_MODEL_LIMITS.contextWindow}-token window, ` +
      `${UNKNOWN_MODEL_LIMITS.maxTokens} output tokens, no thinking and no cost: ${nameSome(unknown)}. ` +
      `Give each its figures in ${ROWS_PATH} ({"id", "contextWindow", "maxTokens", "reasoning", "cost": {"input", "output"}} in USD per million tokens).`,
  };
}

/** The figures a saved row and OpenClaw's catalog disagree on, e.g. "context 128000, not 1000000". */
function disagreements(saved: ModelDefinitionConfig, native: ModelDefinitionConfig): string[] {
  const facts: [string, unknown, unknown][] = [
    ["context", saved.contextWindow, native.contextWindow],
    ["output", saved.maxTokens, native.maxTokens],
    ["reasoning", saved.reasoning, native.reasoning],
    ["input price", saved.cost.input, native.cost.input],
    ["output price", saved.cost.output, native.cost.output],
  ];
  return facts
    .filter(([, mine, theirs]) => mine !== undefined && mine !== theirs)
    .map(([fact, mine, theirs]) => `${fact} ${String(mine)}, not ${String(theirs)}`);
}

/**
 * Saved rows win over OpenClaw's catalogs, so a row saved with older figures
 * keeps them after OpenClaw learns better (onboarding of earlier versions of
 * this plugin saved a row per listed model). Named, not changed: a row may be
 * the user's deliberate choice.
 */
export function savedRowsCheck(cfg: OpenClawConfig): DoctorCheck {
  const stale = savedRows(cfg).flatMap((saved) => {
    if (!isKnownModel(saved.id)) return [];
    const differences = disagreements(saved, portkeyModelDefinition(saved.id));
    return differences.length ? [`${saved.id} (${differences.join(", ")})`] : [];
  });
  if (stale.length === 0) return { name: "saved model rows", ok: true, detail: "none hides figures from OpenClaw's catalogs" };
  return {
    name: "saved model rows",
    ok: true,
    detail: `${stale.length} of your ${ROWS_PATH} rows override OpenClaw's catalog: ${nameSome(stale)}. Delete a row to take OpenClaw's figures, thinking levels and prices.`,
  };
}
