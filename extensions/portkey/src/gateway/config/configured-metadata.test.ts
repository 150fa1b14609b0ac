import { describe, expect, it } from "vitest";
import { InvalidPortkeyMetadataError, readConfiguredMetadata } from "./configured-metadata.ts";

describe("readConfiguredMetadata", () => {
  it("reads the user's keys, numbers and booleans as strings", () => {
    expect(readConfiguredMetadata('{"team":"growth","tier":2,"beta":true}')).toEqual({ team: "growth", tier: "2", beta: "true" });
  });

  it("says how to fix a configured header that is not a JSON object of strings", () => {
    expect(() => readConfiguredMetadata("team=growth")).toThrow(InvalidPortkeyMetadataError);
    expect(() => readConfiguredMetadata("team=growth")).toThrow(/is not JSON/);
    expect(() => readConfiguredMetadata('{"team":{"a":1}}')).toThrow(/JSON object of strings/);
  });
});
