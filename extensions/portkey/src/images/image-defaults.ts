/** What the image provider's registration and its request code both read. */

/** Portkey cloud's Model Catalog id of OpenAI's image model; a self-hosted gateway takes `gpt-image-1`. */
export const PORTKEY_DEFAULT_IMAGE_MODEL_ID = "@openai/gpt-image-1";
export const DEFAULT_IMAGE_SIZE = "1024x1024";
/** The most images one request asks for; a larger count is cut to it. */
export const MAX_IMAGES = 4;
