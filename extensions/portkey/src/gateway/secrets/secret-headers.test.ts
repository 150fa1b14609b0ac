import { describe, expect, it } from "vitest";
import { portkeyHttpError } from "../transport/errors.ts";
import { requestSecrets } from "../transport/request-headers.ts";
import { isSecretHeader, secretsInHeader } from "./secret-headers.ts";

const SERVICE_ACCOUNT = {
  type: "service_account",
  client_email: "bot@proj.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n",
};
const CLOUD_CONFIG = {
  strategy: { mode: "fallback" },
  targets: [
    {
      provider: "bedrock",
      aws_access_key_id: "AKIAEXAMPLE1234",
      aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG",
      aws_session_token: "FwoGZXIvYXdzEBYaDH",
      aws_region: "us-east-1",
    },
    { provider: "vertex-ai", vertex_project_id: "proj-1", vertex_region: "europe-west4", vertex_service_account_json: SERVICE_ACCOUNT },
    { provider: "azure-openai", azure_resource_name: "east", azure_ad_token: "eyJ0eXAiOiJKV1Q", override_params: { max_tokens: 512 } },
  ],
};

describe("credentials inside an inline Config", () => {
  it("are every value under a key-, secret-, token- or credential-like field, nested objects included", () => {
    const secrets = secretsInHeader("x-portkey-config", JSON.stringify(CLOUD_CONFIG));
    expect(secrets).toEqual(
      expect.arrayContaining([
        "AKIAEXAMPLE1234",
        "wJalrXUtnFEMI/K7MDENG",
        "FwoGZXIvYXdzEBYaDH",
        "eyJ0eXAiOiJKV1Q",
        SERVICE_ACCOUNT.private_key,
        JSON.stringify(SERVICE_ACCOUNT),
      ]),
    );
    for (const plain of ["us-east-1", "bedrock", "proj-1", "europe-west4", "east", "fallback"]) expect(secrets).not.toContain(plain);
  });

  it("never reach an error message, even when the gateway echoes the whole Config back", () => {
    const configHeader = JSON.stringify(CLOUD_CONFIG);
    const secrets = requestSecrets("pk-doctor-1234", { "x-portkey-config": configHeader });
    const body = JSON.stringify({ error: { message: `bad request, headers were: {"x-portkey-config": ${JSON.stringify(configHeader)}}` } });
    const message = portkeyHttpError({ action: "Portkey chat check", status: 400, body, secrets }).message;
    expect(message).toContain("[redacted]");
    for (const secret of ["AKIAEXAMPLE1234", "wJalrXUtnFEMI/K7MDENG", "FwoGZXIvYXdzEBYaDH", "eyJ0eXAiOiJKV1Q", "MIIEvQ"])
      expect(message).not.toContain(secret);
  });
});

describe("which headers stay out of openclaw.json", () => {
  it.each([
    "Authorization",
    "Proxy-Authorization",
    "cookie",
    "x-portkey-vertex-service-account-json",
    "x-portkey-aws-secret-access-key",
    "x-portkey-aws-session-token",
    "x-portkey-aws-access-key-id",
    "x-portkey-azure-ad-token",
    "x-vendor-api-key",
    "x-db-password",
  ])("the credential header %s, and its whole value is redacted", (name) => {
    expect(isSecretHeader(name, "opaque-value-1234")).toBe(true);
    expect(secretsInHeader(name, "opaque-value-1234")).toContain("opaque-value-1234");
  });

  it("every inline Config, even one with no field known to hold a credential, but not a saved Config ID", () => {
    expect(isSecretHeader("x-portkey-config", JSON.stringify({ provider: "some-new-vendor", tenant_blob: "a1b2c3" }))).toBe(true);
    expect(isSecretHeader("X-Portkey-Config", "pc-prod-fallback")).toBe(false);
  });

  it.each(["x-portkey-provider", "x-portkey-custom-host", "x-portkey-metadata", "x-team", "x-portkey-trace-id"])(
    "not the routing header %s",
    (name) => {
      expect(isSecretHeader(name, "value-1234")).toBe(false);
      expect(secretsInHeader(name, "value-1234")).toEqual([]);
    },
  );
});
