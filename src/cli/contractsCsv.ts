/**
 * Contracts from a CSV file for `gexray price --input`: one contract per row, columns named like
 * the flags (`type,spot,strike,days,vol,…`; `price` or `iv_price` to solve the implied vol).
 * Header names are case-insensitive and `-` or spaces read as `_`. A blank cell falls back to the
 * flag of the same name, so `--rate 0.04` fills a missing rate column.
 *
 * Tokenizing (RFC 4180: BOM, CRLF, quoted fields with commas, doubled quotes and line breaks) is
 * the data layer's {@link parseCsvRecords}; this module maps rows to contracts and blames
 * `file:line` (the line each row starts on) for every problem.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { parseCsvRecords } from "../data/csv.js";
import { CONTRACT_FIELDS, type ContractField, type ContractSpec, contractFromFields } from "./contractSpec.js";
import { UsageError } from "./errors.js";

/** Header aliases: the `price` column is the target of an implied-vol solve. */
const ALIASES: Readonly<Record<string, ContractField>> = { price: "iv_price" };

/** Flag spelling of a field, for messages about values that came from flags. */
function flagName(field: ContractField): string {
  return `--${field.replace("_", "-")}`;
}

/**
 * Map a header to contract fields.
 *
 * @returns for each field present, its column index and the header's spelling
 * @throws UsageError on an unknown or repeated column
 */
function readHeader(header: readonly string[], where: string): Map<ContractField, { index: number; name: string }> {
  const columns = new Map<ContractField, { index: number; name: string }>();
  header.forEach((raw, index) => {
    const name = raw.trim();
    const key = name.toLowerCase().replace(/[-\s]+/g, "_");
    const field = ALIASES[key] ?? (CONTRACT_FIELDS as readonly string[]).find((f) => f === key) as ContractField | undefined;
    if (field === undefined) {
      throw new UsageError(`${where}: unknown column ${JSON.stringify(name)} (expected some of ${CONTRACT_FIELDS.join(", ")}, price)`);
    }
    const seen = columns.get(field);
    if (seen) throw new UsageError(`${where}: columns ${JSON.stringify(seen.name)} and ${JSON.stringify(name)} both give ${field}`);
    columns.set(field, { index, name });
  });
  return columns;
}

/**
 * Parse contracts from CSV text.
 *
 * @param text - the whole file
 * @param file - the path to name in messages
 * @param defaults - flag values (text) used where a column is absent or a cell blank
 * @returns one contract per non-blank row, in file order
 * @throws UsageError `file:line: <what is wrong with which field>` for the first bad row
 * @example
 * parseContractsCsv("type,spot,strike,days,vol\ncall,97000,100000,30,0.55\n", "c.csv")[0].strike; // 100000
 */
export function parseContractsCsv(text: string, file: string, defaults: Partial<Record<ContractField, string>> = {}): ContractSpec[] {
  const records = parseCsvRecords(text, file);
  if (records.length === 0) throw new UsageError(`${file}: empty file (expected a header line)`);
  const header = records[0]!.fields;
  const columns = readHeader(header, `${file}:${records[0]!.line}`);
  const specs: ContractSpec[] = [];
  for (let i = 1; i < records.length; i++) {
    const where = `${file}:${records[i]!.line}`;
    const cells = records[i]!.fields;
    if (cells.length !== header.length) {
      throw new UsageError(`${where}: ${cells.length} fields, the header has ${header.length}`);
    }
    const fromRow = (f: ContractField): string | undefined => {
      const col = columns.get(f);
      const v = col === undefined ? undefined : cells[col.index];
      return v === undefined || v.trim() === "" ? undefined : v;
    };
    try {
      const spec = contractFromFields(
        (f) => fromRow(f) ?? defaults[f],
        (f) => (fromRow(f) === undefined && defaults[f] !== undefined ? flagName(f) : columns.get(f)?.name ?? f),
      );
      spec.source = where;
      specs.push(spec);
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`${where}: ${err.message}`);
      throw err;
    }
  }
  if (specs.length === 0) throw new UsageError(`${file}: no contracts (only a header)`);
  return specs;
}

/**
 * Read and parse a contracts CSV file.
 *
 * @throws UsageError when the file cannot be read or a row is bad
 * @example
 * const specs = await readContractsCsv("data/demo_options.csv");
 */
export async function readContractsCsv(path: string, defaults: Partial<Record<ContractField, string>> = {}): Promise<ContractSpec[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message}`, { cause: err });
  }
  return parseContractsCsv(text, path, defaults);
}
