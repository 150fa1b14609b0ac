import { describe, expect, it } from "vitest";
import { extractPortkeyErrorMessage } from "./errors.ts";
import { printableText } from "./printable-text.ts";

describe("printableText", () => {
  it("removes terminal escape sequences whole and every other control character", () => {
    expect(printableText("\u001b[2J\u001b[31mred\u001b[0m")).toBe("red");
    expect(printableText("a\u001b]0;pwned title\u0007b")).toBe("ab");
    expect(printableText("x\u0007y\u009bz\u202eevil")).toBe("x y z evil");
    expect(printableText("Zürich ☃ 日本")).toBe("Zürich ☃ 日本");
  });

  it("is applied to a gateway's error message", () => {
    const body = JSON.stringify({ error: { message: "\u001b[2J\u001b[1;1HAll good\u001b]0;x\u0007, really" } });
    expect(extractPortkeyErrorMessage(body)).toBe("All good, really");
  });
});
