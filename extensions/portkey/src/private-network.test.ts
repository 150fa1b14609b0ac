import { describe, expect, it } from "vitest";
import { isPrivateNetworkUrl } from "./private-network.ts";

describe("isPrivateNetworkUrl", () => {
  it.each(["http://10.0.0.5:8787/v1", "http://172.16.4.2/v1", "http://172.31.255.1/v1", "http://192.168.1.20:8787/v1", "http://[fd12:3456::1]:8787/v1"])(
    "%s is on a private network",
    (url) => expect(isPrivateNetworkUrl(url)).toBe(true),
  );

  it.each(["http://127.0.0.1:8787/v1", "https://api.portkey.ai/v1", "http://172.32.0.1/v1", "http://8.8.8.8/v1", "http://gateway.internal/v1", "http://[::1]:8787/v1"])(
    "%s is not",
    (url) => expect(isPrivateNetworkUrl(url)).toBe(false),
  );
});
