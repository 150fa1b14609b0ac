/**
 * `openclaw portkey doctor`: one line per check, from the key to each
 * capability answering one tiny request, and an exit code that says whether
 * all passed. Every request goes through the plugin's own header builder and
 * HTTP client, so errors are the redacted ones every other call reports.
 */
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { resolvePortkeyApiKey } from "../gateway/secrets/api-key.ts";
import { profilesForOtherGateways } from "../gateway/secrets/key-origin.ts";
import { attributionFor } from "../gateway/transport/attribution.ts";
import { PORTKEY_CONFIG_HEADER, PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import { errorMessage } from "../gateway/transport/errors.ts";
import { portkeyCallWith, postToPortkey } from "../gateway/transport/portkey-call.ts";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import type { PortkeySettings } from "../gateway/config/provider-settings.ts";
import { readResolvedPortkeySettings, UnresolvedSecretHeaderError } from "../gateway/secrets/secret-references.ts";
import { primaryModelOf, withoutPortkeyPrefix } from "../gateway/config/model-ref.ts";
import { isOpenClawSecretPlaceholder } from "../gateway/secrets/secret-headers.ts";
import { listPortkeyModelIds } from "../catalog/model-discovery.ts";
import { fallbackDefaultModelId } from "../catalog/chat-models.ts";
import type { DoctorCheck } from "./doctor-check.ts";
import { modelFiguresCheck, savedRowsCheck } from "./model-figures.ts";
import { PORTKEY_DEFAULT_EMBEDDING_MODEL_ID } from "../embeddings/embedding-defaults.ts";
import { PORTKEY_DEFAULT_SPEECH_MODEL_ID, PORTKEY_DEFAULT_SPEECH_VOICE } from "../speech/speech-defaults.ts";
import { PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID } from "../audio/transcription-defaults.ts";
import { transcriptionForm } from "../audio/transcription.ts";
import { pcmWav } from "../audio/pcm-wav.ts";

export type { DoctorCheck };

const PROBE_TIMEOUT_MS = 30_000;
const PROBE_MAX_BYTES = 4 * 1024 * 1024;

/** The chat model the user's agent uses on Portkey, without the `portkey/` prefix, if any. */
function primaryPortkeyModel(cfg: OpenClawConfig): string | undefined {
  const primary = primaryModelOf(cfg);
  const id = primary === undefined ? undefined : withoutPortkeyPrefix(primary);
  return id !== primary ? id : undefined;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: Math.round(performance.now() - started) };
}

/** A tenth of a second of silence at 16 kHz: the smallest honest transcription request. */
const silentWav = () => pcmWav(new Int16Array(1600), 16_000);

/** Spend and budgets, when an admin key is set; a budget used up is a failure. */
async function budgetCheck(cfg: OpenClawConfig, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const { fetchPortkeyUsageSnapshot, formatAmount, portkeyAdminKey, NO_ADMIN_KEY_REASON } = await import("../usage/portkey-usage.ts");
  const adminKey = portkeyAdminKey(env);
  if (!adminKey) return { name: "budget", ok: true, detail: `not checked: ${NO_ADMIN_KEY_REASON}` };
  const snapshot = await fetchPortkeyUsageSnapshot({ config: cfg, token: adminKey, timeoutMs: PROBE_TIMEOUT_MS });
  if (snapshot.error) return { name: "budget", ok: false, detail: snapshot.error };
  const spent =
    snapshot.billing?.flatMap((entry) =>
      entry.type === "spend" ? [`${formatAmount(entry.amount, entry.unit)} spent in ${entry.period}`] : [],
    ) ?? [];
  const usedUp = snapshot.billing?.flatMap((entry) => (entry.type === "budget" && entry.used >= entry.limit ? [entry.label] : [])) ?? [];
  return {
    name: "budget",
    ok: usedUp.length === 0,
    detail: `${spent.join(", ")}; ${usedUp.length ? `used up: ${usedUp.join(", ")}` : (snapshot.summary ?? "")}`,
  };
}

/** Advice, never a failure: stored keys that belong to another gateway, which the plugin does not send to this one. */
function keyOriginsCheck(baseUrl: string): DoctorCheck {
  const elsewhere = profilesForOtherGateways(baseUrl, {});
  if (elsewhere.length === 0) return { name: "key origins", ok: true, detail: "no stored Portkey key belongs to another gateway" };
  const listed = elsewhere.map(({ profileId, origin }) => `${profileId} (${origin})`).join(", ");
  return {
    name: "key origins",
    ok: true,
    detail: `not sent to ${new URL(baseUrl).origin}, as they were stored for another gateway: ${listed}. Remove them with \`openclaw models auth\`, or onboard them again for this gateway.`,
  };
}

async function configCheck(settings: PortkeySettings): Promise<DoctorCheck> {
  const entry = Object.entries(settings.headers).find(([name]) => name.toLowerCase() === PORTKEY_CONFIG_HEADER);
  if (!entry) return { name: "config", ok: true, detail: "no Portkey Config configured" };
  if (isOpenClawSecretPlaceholder(entry[1])) return { name: "config", ok: true, detail: "a Config kept as a secret reference" };
  const { parsePortkeyConfig } = await import("../gateway/config/portkey-config.ts");
  try {
    const config = parsePortkeyConfig(entry[1]);
    return { name: "config", ok: true, detail: config.kind === "id" ? `Config ${config.id}` : "inline Config is valid" };
  } catch (error) {
    return { name: "config", ok: false, detail: errorMessage(error) };
  }
}

/** Runs every check in order; a failed key or gateway skips the checks that need them. */
export async function runPortkeyDoctor(
  cfg: OpenClawConfig,
  pluginSettings: PortkeyPluginSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  let settings: PortkeySettings;
  try {
    // Headers kept as secret references are resolved as a turn resolves them: one that cannot be is a failure.
    settings = await readResolvedPortkeySettings(cfg, env);
  } catch (error) {
    return [{ name: error instanceof UnresolvedSecretHeaderError ? "headers" : "gateway", ok: false, detail: errorMessage(error) }];
  }
  checks.push(await configCheck(settings));
  let apiKey: string;
  try {
    apiKey = await resolvePortkeyApiKey({ cfg, baseUrl: settings.baseUrl });
    checks.unshift(
      { name: "key", ok: true, detail: `a Portkey key for ${new URL(settings.baseUrl).origin} is configured` },
      keyOriginsCheck(settings.baseUrl),
    );
  } catch (error) {
    return [{ name: "key", ok: false, detail: errorMessage(error) }, ...checks];
  }
  const attribution = attributionFor(pluginSettings.attribution, "doctor");
  let modelIds: string[];
  try {
    const listed = await timed(() => listPortkeyModelIds({ settings, apiKey, attribution }));
    modelIds = listed.value;
    checks.push({ name: "gateway", ok: true, detail: `${settings.baseUrl} accepted the key and answered in ${listed.ms} ms` });
  } catch (error) {
    checks.push({ name: "gateway", ok: false, detail: errorMessage(error) });
    return checks;
  }
  const primary = primaryPortkeyModel(cfg) ?? fallbackDefaultModelId();
  const listedPrimary = modelIds.includes(primary);
  checks.push(
    {
      name: "models",
      ok: listedPrimary,
      detail: `${modelIds.length} models listed; the primary model ${primary} is ${listedPrimary ? "among them" : "not among them"}`,
    },
    modelFiguresCheck(cfg, primary, modelIds),
    savedRowsCheck(cfg),
  );

  const call = await portkeyCallWith(settings, apiKey, attribution);
  const probe = async (name: string, path: string, body: object | FormData, describe: (answer: Buffer) => string): Promise<DoctorCheck> => {
    try {
      const answered = await timed(() =>
        postToPortkey(call, {
          action: `Portkey ${name} check`,
          path,
          body,
          timeoutMs: PROBE_TIMEOUT_MS,
          maxResponseBytes: PROBE_MAX_BYTES,
        }),
      );
      return { name, ok: true, detail: `${describe(answered.value.body)} in ${answered.ms} ms` };
    } catch (error) {
      return { name, ok: false, detail: errorMessage(error) };
    }
  };
  const embeddingModel =
    (cfg.memory?.search?.provider === PORTKEY_PROVIDER_ID ? cfg.memory.search.model : undefined) ?? PORTKEY_DEFAULT_EMBEDDING_MODEL_ID;
  const speechModel = cfg.tts?.providers?.[PORTKEY_PROVIDER_ID]?.model;
  checks.push(
    await probe(
      "chat",
      "/chat/completions",
      { model: primary, messages: [{ role: "user", content: "Reply with OK." }], max_tokens: 5 },
      () => `${primary} answered`,
    ),
    await probe("embeddings", "/embeddings", { model: embeddingModel, input: ["ok"] }, () => `${embeddingModel} answered`),
    await probe(
      "speech",
      "/audio/speech",
      {
        model: typeof speechModel === "string" ? speechModel : PORTKEY_DEFAULT_SPEECH_MODEL_ID,
        voice: PORTKEY_DEFAULT_SPEECH_VOICE,
        input: "OK",
        response_format: "mp3",
      },
      (audio) => `${audio.length} bytes of audio`,
    ),
    await probe(
      "transcription",
      "/audio/transcriptions",
      transcriptionForm({ model: PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID, audio: silentWav(), mime: "audio/wav", fileName: "doctor.wav" }),
      () => `${PORTKEY_DEFAULT_TRANSCRIPTION_MODEL_ID} answered`,
    ),
    await budgetCheck(cfg, env),
  );
  return checks;
}

/** One line per check; secrets never reach these texts (every plugin error is redacted where it is made). */
export function formatDoctorReport(checks: readonly DoctorCheck[]): string {
  return checks.map((check) => `${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`).join("\n");
}
