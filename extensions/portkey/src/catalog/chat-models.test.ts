import { describe, expect, it } from "vitest";
import { fakeExtensionsDir } from "../../test/support/fake-host-catalog.ts";
import { currentReasoningModel } from "../../test/support/openclaw-vendor-models.ts";
import { chooseDefaultModelId, fallbackDefaultModelId, isChatModelId } from "./chat-models.ts";
import { readHostCatalog } from "./host-catalog.ts";

describe("isChatModelId", () => {
  it("leaves out images, embeddings, audio and moderation, judged by the model part only", () => {
    for (const id of [
      "@openai/gpt-image-1",
      "@openai/dall-e-3",
      "@openai/text-embedding-3-small",
      "@openai/whisper-1",
      "@openai/tts-1",
      "omni-moderation-latest",
    ]) {
      expect(isChatModelId(id), id).toBe(false);
    }
    expect(isChatModelId("@image-team/gpt-6-astra")).toBe(true);
    expect(isChatModelId("@x/")).toBe(false);
  });
});

describe("chooseDefaultModelId", () => {
  const image = ["text", "image"];
  const catalog = readHostCatalog(
    fakeExtensionsDir({
      acme: {
        id: "acme",
        modelCatalog: {
          providers: {
            acme: {
              models: [
                { id: "acme-next", input: image, status: "preview" },
                { id: "acme-pro-3", input: image },
                { id: "acme-mini-3", input: image },
                { id: "acme-text-3", input: ["text"] },
              ],
            },
          },
        },
      },
      bolt: {
        id: "bolt",
        modelCatalog: {
          providers: {
            bolt: {
              models: [
                { id: "bolt-2", input: image },
                { id: "bolt-1", input: image },
              ],
            },
          },
        },
      },
    }),
  );

  it("proposes the model its vendor lists first among those the gateway offers, skipping previews and text-only models", () => {
    expect(chooseDefaultModelId(["@x/acme-mini-3", "@x/acme-next", "@x/acme-pro-3", "@y/acme-text-3"], catalog)).toBe("@x/acme-pro-3");
    expect(chooseDefaultModelId(["@x/acme-mini-3", "@y/bolt-2"], catalog)).toBe("@y/bolt-2");
    // Equal rank within their vendors: the gateway's order decides.
    expect(chooseDefaultModelId(["@y/bolt-1", "@x/acme-pro-3"], catalog)).toBe("@y/bolt-1");
    expect(chooseDefaultModelId(["@x/acme-pro-3", "@y/bolt-1"], catalog)).toBe("@x/acme-pro-3");
  });

  it("falls back to the first listed chat model, and to nothing when none is listed", () => {
    expect(chooseDefaultModelId(["@x/acme-embed-1", "@x/house-model", "@x/acme-text-3"], catalog)).toBe("@x/house-model");
    expect(chooseDefaultModelId(["@x/text-embedding-3-small"], catalog)).toBeUndefined();
  });

  it("proposes OpenAI's current model behind Portkey's default slug when the gateway lists nothing", () => {
    expect(fallbackDefaultModelId()).toBe(`@openai/${currentReasoningModel("openai").row.id}`);
  });
});
