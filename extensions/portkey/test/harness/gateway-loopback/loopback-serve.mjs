// `@hono/node-server` as the gateway resolved it, with `serve()` bound to loopback.
const realUrl = new URL(import.meta.url).searchParams.get("real");
if (!realUrl) throw new Error("loopback-serve.mjs must be loaded through resolve-hook.mjs");
const real = await import(realUrl);

export const LOOPBACK_HOST = "127.0.0.1";
export const createAdaptorServer = real.createAdaptorServer;
export const getRequestListener = real.getRequestListener;
export const RequestError = real.RequestError;

export function serve(options, listeningListener) {
  return real.serve({ ...options, hostname: LOOPBACK_HOST }, listeningListener);
}
