/**
 * Portkey's image provider as OpenClaw lists it: models, sizes, counts and
 * options. The request code (image-generation.ts, with its HTTP client) is
 * loaded on the first image request, not at start-up.
 */
import { PORTKEY_LABEL, PORTKEY_PROVIDER_ID } from "../gateway/config/defaults.ts";
import { readPortkeyPluginSettings, type PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import type { ImageGenerationProvider } from "../sdk-types.ts";
import { MAX_IMAGES, PORTKEY_DEFAULT_IMAGE_MODEL_ID } from "./image-defaults.ts";

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_INPUT_IMAGES = 5;
const SUPPORTED_SIZES = ["256x256", "512x512", "1024x1024", "1024x1536", "1536x1024", "1024x1792", "1792x1024"];

export function buildPortkeyImageGenerationProvider(
  pluginSettings: PortkeyPluginSettings = readPortkeyPluginSettings(undefined),
): ImageGenerationProvider {
  return {
    id: PORTKEY_PROVIDER_ID,
    label: PORTKEY_LABEL,
    defaultModel: PORTKEY_DEFAULT_IMAGE_MODEL_ID,
    models: [PORTKEY_DEFAULT_IMAGE_MODEL_ID, "@openai/dall-e-3"],
    defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
    capabilities: {
      generate: { maxCount: MAX_IMAGES, supportsSize: true, supportsAspectRatio: false, supportsResolution: false },
      edit: {
        enabled: true,
        maxCount: MAX_IMAGES,
        maxInputImages: MAX_INPUT_IMAGES,
        supportsSize: true,
        supportsAspectRatio: false,
        supportsResolution: false,
      },
      geometry: { sizes: SUPPORTED_SIZES },
      output: {
        qualities: ["low", "medium", "high", "auto"],
        formats: ["png", "jpeg", "webp"],
        backgrounds: ["transparent", "opaque", "auto"],
      },
    },
    generateImage: async (req) => (await import("./image-generation.ts")).generatePortkeyImage(req, pluginSettings, DEFAULT_TIMEOUT_MS),
  };
}
