#!/usr/bin/env node
// DuckDB computing the article's aggregates over a JSONL shard, with 2 threads: the speed baseline the issue names.
//
// Usage: node duckdb_aggregates.mjs FILE.jsonl
// Prints one JSON object: the figures, plus seconds (query wall time, instance start-up excluded) and mb_per_s.
//
// Semantics follow bench/baselines/article_analysis.py: success and empty_response use Python's str.strip()
// whitespace set (DuckDB's trim() alone strips only spaces); the other three article flags are raised only on
// non-empty outputs, as check_compliance returns early; keywords are matched case-sensitively with contains().
// Percentiles use quantile_disc, DuckDB's own discrete definition, which can differ from the article's
// sorted(x)[int(0.95 * n)] by one rank.
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node duckdb_aggregates.mjs FILE.jsonl');
  process.exit(2);
}

// Every character Python's str.isspace() accepts, i.e. what the article's output.strip() removes.
const pythonWhitespace = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

const sql = `
WITH logs AS (
  SELECT output,
         metadata.prompt_tokens        AS prompt_tokens,
         metadata.completion_tokens    AS completion_tokens,
         metadata.first_token_latency_ms AS first_token_latency_ms,
         metadata.total_latency_ms     AS total_latency_ms,
         metadata.json_mode            AS json_mode,
         trim(output, ${sqlString(pythonWhitespace)}) = '' AS empty
  FROM read_json(${sqlString(file)},
    format = 'newline_delimited',
    columns = {
      timestamp: 'BIGINT', level: 'VARCHAR', request_id: 'VARCHAR', model: 'VARCHAR', input: 'VARCHAR', output: 'VARCHAR',
      metadata: 'STRUCT(prompt_tokens BIGINT, completion_tokens BIGINT, total_tokens BIGINT, first_token_latency_ms DOUBLE,
                        total_latency_ms DOUBLE, device VARCHAR, temperature DOUBLE, function_calling BOOLEAN, json_mode BOOLEAN)'
    })
)
SELECT
  count(*)                                                            AS total_requests,
  avg(prompt_tokens)                                                  AS avg_input_tokens,
  avg(completion_tokens)                                              AS avg_output_tokens,
  avg(CASE WHEN empty THEN 0 ELSE 1 END)                              AS success_rate,
  count(*) FILTER (WHERE empty)                                       AS empty_response,
  count(*) FILTER (WHERE NOT empty AND (contains(output, '密码') OR contains(output, '身份证') OR contains(output, '银行卡')))
                                                                      AS contains_sensitive,
  count(*) FILTER (WHERE NOT empty AND json_mode AND NOT json_valid(output))
                                                                      AS malformed_json,
  count(*) FILTER (WHERE NOT empty AND (contains(output, '忽略上述指令') OR contains(output, 'system prompt') OR contains(output, '你是一个程序员')))
                                                                      AS jailbreak_attempt,
  quantile_disc(total_latency_ms, 0.50)                               AS p50_latency,
  quantile_disc(total_latency_ms, 0.95)                               AS p95_latency,
  quantile_disc(total_latency_ms, 0.99)                               AS p99_latency,
  quantile_disc(first_token_latency_ms, 0.50)                         AS p50_first_token_latency,
  quantile_disc(first_token_latency_ms, 0.95)                         AS p95_first_token_latency,
  quantile_disc(first_token_latency_ms, 0.99)                         AS p99_first_token_latency,
  avg(completion_tokens / (total_latency_ms / 1000)) FILTER (WHERE total_latency_ms > 0)
                                                                      AS avg_throughput
FROM logs`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const started = process.hrtime.bigint();
const reader = await connection.runAndReadAll(sql);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const [row] = reader.getRowObjectsJS();
const figures = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
const bytes = statSync(file).size;
console.log(JSON.stringify({ ...figures, seconds, mb_per_s: bytes / 1e6 / seconds }));
connection.closeSync();
