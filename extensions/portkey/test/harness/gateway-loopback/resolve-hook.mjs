// Module resolution hook for the gateway process: only the gateway bundle's
// own `@hono/node-server` import is redirected; the wrapper itself (and
// everything else) resolves as usual.
const WRAPPER = new URL("./loopback-serve.mjs", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "@hono/node-server" && context.parentURL?.includes("/@portkey-ai/gateway/")) {
    const real = await nextResolve(specifier, context);
    return { url: `${WRAPPER}?real=${encodeURIComponent(real.url)}`, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
