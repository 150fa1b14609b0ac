import { definePluginEntry } from "openclaw/plugin-sdk/plugin-entry";
import { buildPortkeyChatProvider } from "./src/portkey-provider.ts";
import { PORTKEY_CLI_COMMAND, PORTKEY_CLI_DESCRIPTION, PORTKEY_PROVIDER_ID } from "./src/gateway/config/defaults.ts";
import { buildPortkeyTranscriptionProvider } from "./src/audio/transcription-provider.ts";
import { buildPortkeyEmbeddingProvider } from "./src/embeddings/embedding-provider.ts";
import { buildPortkeyImageGenerationProvider } from "./src/images/image-generation-provider.ts";
import { buildPortkeySpeechProvider } from "./src/speech/speech-provider.ts";
import { readPortkeyPluginSettings } from "./src/gateway/config/plugin-settings.ts";

export default definePluginEntry({
  id: PORTKEY_PROVIDER_ID,
  name: "Portkey",
  description: "Portkey AI gateway: chat, images, embeddings, transcription and speech through 250+ model providers",
  register(api) {
    const settings = readPortkeyPluginSettings(api.pluginConfig);
    api.registerProvider(buildPortkeyChatProvider({ settings, logger: api.logger }));
    api.registerImageGenerationProvider(buildPortkeyImageGenerationProvider(settings));
    api.registerEmbeddingProvider(buildPortkeyEmbeddingProvider(settings));
    api.registerMediaUnderstandingProvider(buildPortkeyTranscriptionProvider(settings));
    api.registerSpeechProvider(buildPortkeySpeechProvider(settings));
    api.registerCli(async (ctx) => (await import("./src/doctor/doctor-cli.ts")).registerPortkeyCli(ctx, settings), {
      descriptors: [{ name: PORTKEY_CLI_COMMAND, description: PORTKEY_CLI_DESCRIPTION, hasSubcommands: true }],
    });
  },
});
