/**
 * Every test of generic.test.ts, unchanged, run again on the byte path: loadGeneric is given the
 * text's UTF-8 bytes, and GenericCsvReader.write hands its chunks to writeBytes (so the "chunks split
 * anywhere" property feeds bytes split anywhere).
 */
import { vi } from "vitest";

vi.mock("../../src/data/generic.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/data/generic.js")>();
  class ByteFedReader extends real.GenericCsvReader {
    override write(chunk: string): void {
      this.writeBytes(Buffer.from(chunk, "utf8"));
    }
  }
  const loadGeneric: typeof real.loadGeneric = (text, file, opts) => real.loadGeneric(typeof text === "string" ? Buffer.from(text, "utf8") : text, file, opts);
  return { ...real, GenericCsvReader: ByteFedReader, loadGeneric };
});

await import("./generic.test.js");
