#!/usr/bin/env node
// Polars (npm nodejs-polars) computing the article's aggregates over a JSONL shard: a comparison anchor for bench/.
//
// Usage: node polars_aggregates.mjs FILE.jsonl [--engine in-memory|streaming]
// Prints one JSON object: the figures, plus engine, seconds (query wall time, library load excluded) and mb_per_s.
// Threads: set POLARS_MAX_THREADS=2 for the 2-thread comparison (bench/compare.sh does).
//
// Semantics follow bench/baselines/article_analysis.py:
// - success and empty_response use Python's str.isspace() set (Polars' strip() uses Rust's, which lacks \x1c-\x1f);
// - the other three article flags count only non-empty outputs, as check_compliance returns early;
// - P95 is the article's sorted(x)[int(0.95 * n)], taken by sorting and gathering that rank, not Polars' quantile();
// - malformed_json: Polars has no JSON validity test, so the JSON-mode outputs (a few percent of the rows) are
//   handed to JavaScript's JSON.parse. It refuses NaN and Infinity, which Python's json.loads accepts.
import pl from 'nodejs-polars';
import { statSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const engineIndex = args.indexOf('--engine');
const engine = engineIndex >= 0 ? args[engineIndex + 1] : 'in-memory';
if (!file || !['in-memory', 'streaming'].includes(engine)) {
  console.error('usage: node polars_aggregates.mjs FILE.jsonl [--engine in-memory|streaming]');
  process.exit(2);
}

// Every character Python's str.isspace() accepts, as a Rust regex class.
const blank = '^[\\t\\n\\x0B\\x0C\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]*$';
const anyOf = (words) => words.map((w) => pl.col('output').str.contains(w, true)).reduce((a, b) => a.or(b));

const meta = (name) => pl.col('metadata').struct.field(name);
const started = process.hrtime.bigint();
const rows = pl.scanJson(file, {
  schema: {
    output: pl.Utf8,
    metadata: pl.Struct([
      new pl.Field('prompt_tokens', pl.Int64), new pl.Field('completion_tokens', pl.Int64),
      new pl.Field('first_token_latency_ms', pl.Float64), new pl.Field('total_latency_ms', pl.Float64),
      new pl.Field('json_mode', pl.Bool),
    ]),
  },
}).select(
  pl.col('output'),
  meta('prompt_tokens').alias('prompt_tokens'),
  meta('completion_tokens').alias('completion_tokens'),
  meta('total_latency_ms').alias('total_latency_ms'),
  meta('json_mode').alias('json_mode'),
).withColumns(pl.col('output').str.contains(blank).alias('empty'));

const nonEmpty = pl.col('empty').not();
const count = (predicate) => predicate.cast(pl.UInt32).sum();
const aggregates = rows.select(
  pl.len().alias('total_requests'),
  pl.col('prompt_tokens').mean().alias('avg_input_tokens'),
  pl.col('completion_tokens').mean().alias('avg_output_tokens'),
  nonEmpty.cast(pl.Float64).mean().alias('success_rate'),
  count(pl.col('empty')).alias('empty_response'),
  count(nonEmpty.and(anyOf(['密码', '身份证', '银行卡']))).alias('contains_sensitive'),
  count(nonEmpty.and(anyOf(['忽略上述指令', 'system prompt', '你是一个程序员']))).alias('jailbreak_attempt'),
  pl.col('total_latency_ms').sort().gather(pl.len().mul(0.95).floor().cast(pl.UInt32)).first().alias('p95_latency'),
  pl.col('completion_tokens').div(pl.col('total_latency_ms').div(1000))
    .filter(pl.col('total_latency_ms').gt(0)).mean().alias('avg_throughput'),
  // The JSON-mode outputs ride along in the same scan as one list, validated below.
  pl.col('output').filter(pl.col('json_mode').and(nonEmpty)).implode().alias('json_outputs'),
);

const collect = (frame) => (engine === 'streaming' ? frame.collectSync({ engine: 'streaming' }) : frame.collectSync());
const { json_outputs: jsonOutputs, ...figures } = collect(aggregates).toRecords()[0];
let malformed = 0;
for (const output of jsonOutputs) {
  try { JSON.parse(output); } catch { malformed += 1; }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const plain = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
const bytes = statSync(file).size;
console.log(JSON.stringify({ ...plain, malformed_json: malformed, engine, seconds, mb_per_s: bytes / 1e6 / seconds }));
