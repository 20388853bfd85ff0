/**
 * Read the hedge-instrument registry shipped with gexray (data/contracts.json), or another file in
 * the same format.
 *
 * (The one file read outside src/data: the registry is project data, not user input, and the path
 * is resolved next to the package so it works from src/ and dist/ alike.)
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { InputError } from "../data/errors.js";
import { parseContractRegistry, type ContractRegistry } from "./hedge.js";

/** Path of the registry shipped with the package. */
export const DEFAULT_REGISTRY = fileURLToPath(new URL("../../data/contracts.json", import.meta.url));

/**
 * Load and validate a hedge-instrument registry.
 *
 * @param file - path; default the shipped data/contracts.json
 * @throws InputError naming the file (and line for a JSON syntax error, field for a bad entry)
 * @example
 * const reg = await loadContractRegistry();
 * reg.instruments.find((i) => i.id === "CME-MBT")?.size; // 0.1
 */
export async function loadContractRegistry(file: string = DEFAULT_REGISTRY): Promise<ContractRegistry> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new InputError(`cannot read the hedge-instrument registry: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
    throw new InputError(`not valid JSON: ${(err as Error).message}`, line === undefined ? { file } : { file, line });
  }
  return parseContractRegistry(doc, file);
}
