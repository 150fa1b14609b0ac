/**
 * OpenClaw lets chat requests reach loopback on its own but blocks other
 * private and internal hosts unless `models.providers.<id>.request.allowPrivateNetwork`
 * is set. A self-hosted gateway on the office network is what the user asked
 * for, so onboarding sets it for exactly the hosts OpenClaw's own SSRF guard
 * would block: the SDK's check decides, so the two never disagree.
 */
import { isBlockedHostnameOrIp, isLoopbackHost } from "openclaw/plugin-sdk/ssrf-runtime";

/**
 * True when the URL's host is one OpenClaw blocks without the opt-in: private,
 * CGNAT (100.64.0.0/10), link-local, unique-local and IPv4-mapped IPv6
 * addresses, and internal hostnames (`.internal`, `.local`, …) — but not loopback.
 * A public hostname that resolves to a private address is seen only at request time.
 */
export function needsPrivateNetworkAccess(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return isBlockedHostnameOrIp(host) && !isLoopbackHost(host);
}
