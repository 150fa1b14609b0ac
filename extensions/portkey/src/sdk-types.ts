/**
 * Types the plugin needs that OpenClaw's SDK uses but does not export by
 * name; each is derived from an exported type so that it follows the SDK.
 */
import type { OpenClawConfig, OpenClawPluginApi, ProviderPlugin, ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";

export type StreamFn = NonNullable<ProviderWrapStreamFnContext["streamFn"]>;
export type StreamOptions = NonNullable<Parameters<StreamFn>[2]>;
export type FailoverReason = NonNullable<ReturnType<NonNullable<ProviderPlugin["classifyFailoverReason"]>>>;
export type ImageGenerationProvider = Parameters<OpenClawPluginApi["registerImageGenerationProvider"]>[0];
export type ImageGenerationRequest = Parameters<ImageGenerationProvider["generateImage"]>[0];
export type ImageGenerationResult = Awaited<ReturnType<ImageGenerationProvider["generateImage"]>>;
export type ModelProviderConfig = NonNullable<NonNullable<OpenClawConfig["models"]>["providers"]>[string];
export type ModelDefinitionConfig = ModelProviderConfig["models"][number];
export type ProviderRuntimeModel = NonNullable<ReturnType<NonNullable<ProviderPlugin["resolveDynamicModel"]>>>;
export type ResolveAuthProfileIdContext = Parameters<NonNullable<ProviderPlugin["resolveAuthProfileId"]>>[0];
export type UsageAuthContext = Parameters<NonNullable<ProviderPlugin["resolveUsageAuth"]>>[0];
export type UsageSnapshotContext = Parameters<NonNullable<ProviderPlugin["fetchUsageSnapshot"]>>[0];
export type UsageSnapshot = NonNullable<Awaited<ReturnType<NonNullable<ProviderPlugin["fetchUsageSnapshot"]>>>>;
export type UsageBilling = NonNullable<UsageSnapshot["billing"]>[number];
export type MediaUnderstandingProvider = Parameters<OpenClawPluginApi["registerMediaUnderstandingProvider"]>[0];
export type AudioTranscriptionContext = Parameters<NonNullable<MediaUnderstandingProvider["transcribeAudioWithContext"]>>[0];
export type EmbeddingProviderAdapter = Parameters<OpenClawPluginApi["registerEmbeddingProvider"]>[0];
export type EmbeddingProviderCreateOptions = Parameters<EmbeddingProviderAdapter["create"]>[0];
type SpeechProviderRegistration = Parameters<OpenClawPluginApi["registerSpeechProvider"]>[0];
export type SpeechProvider = Exclude<SpeechProviderRegistration, (...args: never[]) => unknown>;
export type SpeechSynthesisRequest = Parameters<SpeechProvider["synthesize"]>[0];
