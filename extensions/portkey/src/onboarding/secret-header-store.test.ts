import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSecretFile, saveSecretHeaderValues, SecretHeaderError } from "./secret-header-store.ts";

let folder: string;
let filePath: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "portkey-secret-file-"));
  filePath = join(folder, "credentials", "portkey-headers.json");
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const contents = async () => JSON.parse(await readFile(filePath, "utf8"));

describe("the secret header file", () => {
  it("keeps every entry when several saves run at once, and leaves no temporary file or lock behind", async () => {
    const saves = Array.from({ length: 8 }, (_, index) => saveSecretHeaderValues(filePath, { [`x-header-${index}`]: `value-${index}` }));
    await Promise.all(saves);
    expect(await contents()).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`x-header-${index}`, `value-${index}`])));
    expect(await readdir(join(folder, "credentials"))).toEqual(["portkey-headers.json"]);
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ["not JSON", "{ authorization: Bearer sk-old"],
    ["a JSON array", '["sk-old"]'],
  ])("stops, and keeps the file as it was, when it is %s", async (_label, text) => {
    await saveSecretHeaderValues(filePath, {});
    await writeFile(filePath, text, { mode: 0o600 });
    await expect(readSecretFile(filePath)).rejects.toThrow(SecretHeaderError);
    await expect(saveSecretHeaderValues(filePath, { authorization: "Bearer sk-new" })).rejects.toThrow(
      /is not a JSON object, so saving would lose what it holds/,
    );
    expect(await readFile(filePath, "utf8")).toBe(text);
  });

  it("undoes exactly its own save: a replaced value comes back, an added one goes", async () => {
    await saveSecretHeaderValues(filePath, { authorization: "Bearer sk-old", "x-portkey-config": '{"api_key":"sk-a"}' });
    const undo = await saveSecretHeaderValues(filePath, { authorization: "Bearer sk-new", cookie: "session=1" });
    expect(await contents()).toEqual({ authorization: "Bearer sk-new", "x-portkey-config": '{"api_key":"sk-a"}', cookie: "session=1" });
    await undo();
    expect(await contents()).toEqual({ authorization: "Bearer sk-old", "x-portkey-config": '{"api_key":"sk-a"}' });
  });

  it("takes over a lock an interrupted save left long ago", async () => {
    await saveSecretHeaderValues(filePath, { authorization: "Bearer sk-old" });
    const lockPath = `${filePath}.lock`;
    await writeFile(lockPath, "");
    const longAgo = new Date(Date.now() - 60_000);
    const { utimes } = await import("node:fs/promises");
    await utimes(lockPath, longAgo, longAgo);
    await saveSecretHeaderValues(filePath, { cookie: "session=2" });
    expect(await contents()).toEqual({ authorization: "Bearer sk-old", cookie: "session=2" });
  });
});
