#!/usr/bin/env node
// ClickHouse embedded (npm chdb) computing the article's aggregates over a JSONL shard, with max_threads=2:
// a comparison anchor for bench/.
//
// Usage: node chdb_aggregates.mjs FILE.jsonl
// Prints one JSON object: the figures, plus seconds (query wall time, library load excluded) and mb_per_s.
//
// Semantics follow bench/baselines/article_analysis.py:
// - success and empty_response use Python's str.isspace() set (a UTF-8 regular expression; trim() works on bytes);
// - the other three article flags count only non-empty outputs, as check_compliance returns early;
// - P95 is quantileExact, which takes the element at rank floor(0.95 * n) of the sorted values: the article's
//   sorted(x)[int(0.95 * n)];
// - malformed_json uses isValidJSON, which (like DuckDB's json_valid) is more lenient than Python's json.loads.
import { queryAsync } from 'chdb';
import { statSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node chdb_aggregates.mjs FILE.jsonl');
  process.exit(2);
}

const sqlString = (s) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
// Every character Python's str.isspace() accepts, as an RE2 class.
const blank = '^[\\t\\n\\x0B\\x0C\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]*$';
const anyOf = (words) => `multiSearchAny(output, [${words.map(sqlString).join(', ')}])`;

const sql = `
SELECT
  count()                                                              AS total_requests,
  avg(metadata.prompt_tokens)                                          AS avg_input_tokens,
  avg(metadata.completion_tokens)                                      AS avg_output_tokens,
  avg(NOT empty)                                                       AS success_rate,
  countIf(empty)                                                       AS empty_response,
  countIf(NOT empty AND ${anyOf(['密码', '身份证', '银行卡'])})        AS contains_sensitive,
  countIf(NOT empty AND metadata.json_mode AND NOT isValidJSON(output)) AS malformed_json,
  countIf(NOT empty AND ${anyOf(['忽略上述指令', 'system prompt', '你是一个程序员'])}) AS jailbreak_attempt,
  quantileExact(0.95)(metadata.total_latency_ms)                       AS p95_latency,
  avgIf(metadata.completion_tokens / (metadata.total_latency_ms / 1000), metadata.total_latency_ms > 0)
                                                                       AS avg_throughput
FROM (
  SELECT output, metadata, match(output, ${sqlString(blank)}) AS empty
  FROM file(${sqlString(file)}, 'JSONEachRow',
    'output String, metadata Tuple(prompt_tokens Int64, completion_tokens Int64, first_token_latency_ms Nullable(Float64),
                                   total_latency_ms Float64, json_mode Bool)')
)
SETTINGS max_threads = 2, input_format_skip_unknown_fields = 1`;

const started = process.hrtime.bigint();
const result = await queryAsync(sql, { format: 'JSONEachRow' });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const figures = JSON.parse(result.text().trim());
const numeric = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, typeof v === 'string' ? Number(v) : v]));
const bytes = statSync(file).size;
console.log(JSON.stringify({ ...numeric, seconds, mb_per_s: bytes / 1e6 / seconds }));
