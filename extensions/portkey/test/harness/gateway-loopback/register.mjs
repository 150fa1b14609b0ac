// Preloaded into the Portkey gateway process (`node --import`): routes the
// gateway's import of `@hono/node-server` to a wrapper whose `serve()` binds
// 127.0.0.1. The gateway calls `serve({ fetch, port })` without a hostname,
// which would listen on every interface.
import { register } from "node:module";

register("./resolve-hook.mjs", import.meta.url);
