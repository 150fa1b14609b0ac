import { describe, expect, it } from "vitest";
import { embeddingVectorsOf, InvalidEmbeddingResponseError } from "./embeddings.ts";

const answer = (data: { index: number; embedding: number[] }[]) => Buffer.from(JSON.stringify({ object: "list", data }));

describe("an embeddings answer", () => {
  it("is put in input order", () => {
    expect(
      embeddingVectorsOf(
        answer([
          { index: 1, embedding: [2, 2] },
          { index: 0, embedding: [1, 1] },
        ]),
        2,
      ),
    ).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("is refused with a repeated, missing or out-of-range index", () => {
    expect(() =>
      embeddingVectorsOf(
        answer([
          { index: 0, embedding: [1] },
          { index: 0, embedding: [2] },
        ]),
        2,
      ),
    ).toThrow("two embeddings for input 0");
    expect(() =>
      embeddingVectorsOf(
        answer([
          { index: 0, embedding: [1] },
          { index: 2, embedding: [2] },
        ]),
        2,
      ),
    ).toThrow("input 2 of 2");
    expect(() => embeddingVectorsOf(answer([{ index: 0, embedding: [1] }]), 2)).toThrow("1 embeddings for 2 inputs");
  });

  it("is refused with vectors of different lengths, or not of the requested dimensions", () => {
    expect(() =>
      embeddingVectorsOf(
        answer([
          { index: 0, embedding: [1, 1] },
          { index: 1, embedding: [1] },
        ]),
        2,
      ),
    ).toThrow(InvalidEmbeddingResponseError);
    expect(() => embeddingVectorsOf(answer([{ index: 0, embedding: [1, 1] }]), 1, 3)).toThrow("(3 were asked for)");
    expect(embeddingVectorsOf(answer([{ index: 0, embedding: [1, 1, 1] }]), 1, 3)).toEqual([[1, 1, 1]]);
  });
});
