/**
 * OpenClaw lets chat requests reach loopback on its own but blocks other
 * private addresses unless `models.providers.<id>.request.allowPrivateNetwork`
 * is set. A self-hosted gateway on the office network (10.x, 172.16–31.x,
 * 192.168.x, fc00::/7) is what the user asked for, so onboarding sets it for
 * exactly that case.
 */
import { isIP } from "node:net";

function isPrivateIPv4(address: string): boolean {
  const [a = -1, b = -1] = address.split(".").map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

function isUniqueLocalIPv6(address: string): boolean {
  return /^f[cd][0-9a-f]{2}:/i.test(address);
}

/** True when the URL's host is a private-network IP literal (not loopback, not a public address). */
export function isPrivateNetworkUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const version = isIP(host);
  if (version === 4) return isPrivateIPv4(host);
  if (version === 6) return isUniqueLocalIPv6(host);
  return false;
}
