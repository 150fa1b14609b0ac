/** Addresses on 127.0.0.1 where nothing listens, for "gateway unreachable" cases. */
import { createServer } from "node:net";

/** A loopback port that was free a moment ago and is closed again. */
export async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no loopback port");
  return address.port;
}

/** A gateway base URL on a closed loopback port. */
export async function unreachableGatewayUrl(): Promise<string> {
  return `http://127.0.0.1:${await closedLoopbackPort()}/v1`;
}
