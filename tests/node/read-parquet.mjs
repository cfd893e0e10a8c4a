// Reads Parquet files with hyparquet, a reader that shares no code with Parquet.Net, and prints
// what it sees as JSON on stdout, for the .NET tests to compare with the warehouse.
//
//   node read-parquet.mjs FILE.parquet [FILE.parquet ...]
//
// Output: [{ file, num_rows, row_groups, columns: [{ name, type, logical_type, converted_type,
//            precision, scale, repetition }], rows: [{ column: value }], decimal_sums: { column: number } }]
// Values: null; DATE as "yyyy-mm-dd" (hyparquet's own Date); TIMESTAMP as { micros: "<int64>",
// iso: "<hyparquet Date, ms>" }; DECIMAL as the exact decimal string (hyparquet decodes the pages,
// the unscaled integer is formatted here with the column's scale) while decimal_sums holds the sum
// of hyparquet's own Number conversion; INT64 as a string; other values as JSON.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'

function unscaledFromBytes(bytes) {
  // Big-endian two's complement.
  let value = 0n
  for (const b of bytes) value = (value << 8n) | BigInt(b)
  if (bytes.length > 0 && bytes[0] & 0x80) value -= 1n << BigInt(bytes.length * 8)
  return value
}

function formatDecimal(unscaled, scale) {
  const negative = unscaled < 0n
  let digits = (negative ? -unscaled : unscaled).toString()
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0')
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale)
  }
  return (negative ? '-' : '') + digits
}

function isDecimal(element) {
  return element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL'
}

async function readFile(file) {
  const buffer = await asyncBufferFromFile(file)
  const metadata = await parquetMetadataAsync(buffer)
  const leaves = metadata.schema.slice(1)
  const decimals = leaves.filter(isDecimal)

  // Pass 1: hyparquet's own conversions, except that timestamps keep their microseconds.
  const rows = await parquetReadObjects({
    file: buffer,
    metadata,
    parsers: { timestampFromMicroseconds: micros => ({ micros: micros.toString(), iso: new Date(Number(micros / 1000n)).toISOString() }) },
  })

  // Pass 2: the same pages with the DECIMAL annotation taken off, to get the unscaled integers.
  let raw = []
  if (decimals.length > 0) {
    const plain = {
      ...metadata,
      schema: metadata.schema.map(e => isDecimal(e) ? { ...e, converted_type: undefined, logical_type: undefined } : e),
    }
    raw = await parquetReadObjects({ file: buffer, metadata: plain, columns: decimals.map(d => d.name) })
  }

  const decimal_sums = Object.fromEntries(decimals.map(d => [d.name, 0]))
  const out = rows.map((row, i) => {
    const o = {}
    for (const e of leaves) {
      const v = row[e.name]
      if (v === null || v === undefined) { o[e.name] = null; continue }
      if (isDecimal(e)) {
        decimal_sums[e.name] += v
        const r = raw[i][e.name]
        const unscaled = r instanceof Uint8Array ? unscaledFromBytes(r) : BigInt(r)
        o[e.name] = formatDecimal(unscaled, e.scale ?? 0)
      } else if (v instanceof Date) {
        o[e.name] = v.toISOString().slice(0, 10)
      } else if (typeof v === 'bigint') {
        o[e.name] = v.toString()
      } else {
        o[e.name] = v
      }
    }
    return o
  })

  return {
    file,
    num_rows: Number(metadata.num_rows),
    row_groups: metadata.row_groups.map(g => Number(g.num_rows)),
    columns: leaves.map(e => ({
      name: e.name,
      type: e.type,
      logical_type: e.logical_type?.type ?? null,
      converted_type: e.converted_type ?? null,
      precision: e.precision ?? null,
      scale: e.scale ?? null,
      timestamp_unit: e.logical_type?.type === 'TIMESTAMP' ? e.logical_type.unit : null,
      repetition: e.repetition_type,
    })),
    encodings: [...new Set(metadata.row_groups.flatMap(g => g.columns.flatMap(c => c.meta_data.encodings)))],
    rows: out,
    decimal_sums,
  }
}

const files = process.argv.slice(2)
if (files.length === 0) {
  console.error('usage: node read-parquet.mjs FILE.parquet [FILE.parquet ...]')
  process.exit(2)
}
const results = []
for (const file of files) results.push(await readFile(file))
process.stdout.write(JSON.stringify(results))
