// Preloaded with `node --import` (through NODE_OPTIONS): records every module
// file the process resolves and, at exit, appends the ones under
// MODULE_LOAD_RECORD_ROOT to the file MODULE_LOAD_RECORD_FILE, one per line.
// Tests use it to prove what a chat turn loads of the installed plugin.
import { appendFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

const root = process.env.MODULE_LOAD_RECORD_ROOT;
const file = process.env.MODULE_LOAD_RECORD_FILE;

if (root && file) {
  const seen = new Set();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      if (result.url.startsWith("file:")) {
        const path = fileURLToPath(result.url);
        if (path.startsWith(root)) seen.add(path);
      }
      return result;
    },
  });
  process.on("exit", () => {
    if (seen.size > 0) appendFileSync(file, [...seen].map((path) => `${path}\n`).join(""));
  });
}
