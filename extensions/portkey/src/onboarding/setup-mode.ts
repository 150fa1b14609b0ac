/** What the onboarding choices (auth-methods.ts) and the setup behind them (onboarding.ts) both read. */

/** Portkey cloud (or any gateway with a Model Catalog), or a self-hosted gateway that needs routing. */
export type SetupMode = "cloud" | "self-hosted";

export const PORTKEY_API_KEY_PROMPT = "Enter your Portkey API key";
