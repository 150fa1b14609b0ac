import { describe, expect, it } from "vitest";
import { needsPrivateNetworkAccess } from "./private-network.ts";

describe("needsPrivateNetworkAccess", () => {
  it.each([
    "http://10.0.0.5:8787/v1",
    "http://172.16.4.2/v1",
    "http://192.168.1.20:8787/v1",
    "http://[fd12:3456::1]:8787/v1",
    // Missed before: CGNAT, link-local, IPv4-mapped IPv6 and internal hostnames.
    "http://100.64.0.9:8787/v1",
    "http://169.254.10.1/v1",
    "http://[fe80::1]:8787/v1",
    "http://[::ffff:10.0.0.1]:8787/v1",
    "http://gateway.internal/v1",
    "http://portkey.local:8787/v1",
  ])("%s needs request.allowPrivateNetwork", (url) => expect(needsPrivateNetworkAccess(url)).toBe(true));

  it.each([
    "http://127.0.0.1:8787/v1",
    "http://localhost:8787/v1",
    "http://[::1]:8787/v1",
    "https://api.portkey.ai/v1",
    "http://172.32.0.1/v1",
    "http://8.8.8.8/v1",
  ])("%s does not", (url) => expect(needsPrivateNetworkAccess(url)).toBe(false));
});
