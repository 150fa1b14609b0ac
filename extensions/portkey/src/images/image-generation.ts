/**
 * Generating and editing images through Portkey: `POST {baseUrl}/images/generations`
 * and, with input images, `POST {baseUrl}/images/edits` as multipart/form-data,
 * with the chat provider's base URL, key and configured headers. Loaded on the
 * first image request.
 */
import type { SsrFPolicy } from "openclaw/plugin-sdk/ssrf-runtime";
import { sendPortkeyRequest } from "../gateway/transport/http-client.ts";
import { postToPortkey, preparePortkeyCall, type PortkeyCall } from "../gateway/transport/portkey-call.ts";
import { imageFileExtension, sniffImageMimeType } from "./image-bytes.ts";
import { decodeImagesResponse, InvalidImageResponseError } from "./image-response.ts";
import { DEFAULT_IMAGE_SIZE, MAX_IMAGES } from "./image-defaults.ts";
import type { PortkeyPluginSettings } from "../gateway/config/plugin-settings.ts";
import type { ImageGenerationRequest, ImageGenerationResult } from "../sdk-types.ts";

/** Four 4K PNGs in base64 fit comfortably. */
const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;
const MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024;
/** All images of one answer together: four large PNGs. */
const MAX_TOTAL_IMAGE_BYTES = 4 * MAX_DOWNLOAD_BYTES;
/** Image URLs fetched at once: each carries the key's headers, so a hostile answer cannot fan out. */
const DOWNLOAD_CONCURRENCY = 2;

function optionalFields(req: ImageGenerationRequest): Record<string, string> {
  return {
    ...(req.quality ? { quality: req.quality } : {}),
    ...(req.outputFormat ? { output_format: req.outputFormat } : {}),
    ...(req.background ? { background: req.background } : {}),
  };
}

function generationBody(req: ImageGenerationRequest, count: number): object {
  return { model: req.model, prompt: req.prompt, n: count, size: req.size ?? DEFAULT_IMAGE_SIZE, ...optionalFields(req) };
}

function editBody(req: ImageGenerationRequest, count: number, inputImages: NonNullable<ImageGenerationRequest["inputImages"]>): FormData {
  const form = new FormData();
  form.set("model", req.model);
  form.set("prompt", req.prompt);
  form.set("n", String(count));
  form.set("size", req.size ?? DEFAULT_IMAGE_SIZE);
  for (const [name, value] of Object.entries(optionalFields(req))) form.set(name, value);
  // OpenAI's API names one input `image` and several `image[]`; gateways follow it.
  const field = inputImages.length > 1 ? "image[]" : "image";
  inputImages.forEach((image, index) => {
    const blob = new Blob([Uint8Array.from(image.buffer)], { type: image.mimeType || "image/png" });
    const extension = imageFileExtension(sniffImageMimeType(image.buffer) ?? "image/png");
    form.append(field, blob, image.fileName ?? `input-${index + 1}.${extension}`);
  });
  return form;
}

/**
 * `url` results are followed over https, or from the configured gateway
 * itself, through OpenClaw's SSRF guard: public hosts and the gateway's own
 * origin only, never another private, loopback or internal address.
 */
function downloaderFor({ settings: gateway, headers, secrets }: PortkeyCall, timeoutMs: number, ssrfPolicy: SsrFPolicy | undefined) {
  const gatewayOrigin = new URL(gateway.baseUrl).origin;
  return async (url: string): Promise<Buffer> => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InvalidImageResponseError("Portkey returned an image URL that is not valid.");
    }
    const sameGateway = parsed.origin === gatewayOrigin;
    if (parsed.protocol !== "https:" && !sameGateway) {
      throw new InvalidImageResponseError(
        `Portkey returned an image URL on ${parsed.protocol}//${parsed.host}; only https URLs are downloaded.`,
      );
    }
    const response = await sendPortkeyRequest({
      action: "Downloading the generated image",
      url,
      method: "GET",
      // The key goes only to the gateway itself, never to a storage host.
      headers: sameGateway ? headers : {},
      timeoutMs,
      maxResponseBytes: MAX_DOWNLOAD_BYTES,
      secrets,
      gateway,
      followRedirects: true,
      ssrfPolicy,
    });
    return response.body;
  };
}

export async function generatePortkeyImage(
  req: ImageGenerationRequest,
  pluginSettings: PortkeyPluginSettings,
  defaultTimeoutMs: number,
): Promise<ImageGenerationResult> {
  const call = await preparePortkeyCall({
    cfg: req.cfg,
    agentDir: req.agentDir,
    store: req.authStore,
    surface: "image",
    attribution: pluginSettings.attribution,
  });
  const count = Math.min(Math.max(req.count ?? 1, 1), MAX_IMAGES);
  const inputImages = req.inputImages ?? [];
  const isEdit = inputImages.length > 0;
  const request = isEdit ? editBody(req, count, inputImages) : generationBody(req, count);
  const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;

  const response = await postToPortkey(call, {
    action: isEdit ? "Portkey image edit" : "Portkey image generation",
    path: `/images/${isEdit ? "edits" : "generations"}`,
    body: request,
    timeoutMs,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    ssrfPolicy: req.ssrfPolicy,
  });
  const download = downloaderFor(call, timeoutMs, req.ssrfPolicy);
  const images = await decodeImagesResponse(response.body, download, {
    maxImages: count,
    maxTotalBytes: MAX_TOTAL_IMAGE_BYTES,
    downloadConcurrency: DOWNLOAD_CONCURRENCY,
  });
  return { images, model: req.model };
}
