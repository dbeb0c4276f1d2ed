#!/usr/bin/env python3
"""The article's analysis (sections 4.1, 4.2 and 4.3 of "通义千问2.5-7B Instruct模型日志分析实战"), unchanged in logic.

Usage: python3 article_analysis.py FILE.jsonl

The functions and expressions below are the article's own code. Only the wiring differs: the file comes from
argv[1], and instead of the article's print() lines the figures are printed as one JSON object on stdout, so tests
and benchmarks can compare them with our analyzer. Like the article's code, it stops with an exception on a line
that is not JSON or lacks a field; use it on clean files only.
"""
import json
import sys
from collections import defaultdict
from typing import Dict


# 4.1 批量读取与结构化解析
def parse_logs(file_path: str):
    logs = []
    with open(file_path, 'r', encoding='utf-8') as f:
        for line in f:
            if line.strip():
                logs.append(json.loads(line))
    return logs


# 4.2 输出合规性检测
def check_compliance(output: str, json_mode: bool) -> Dict[str, bool]:
    issues = {
        "contains_sensitive": False,
        "malformed_json": False,
        "empty_response": False,
        "jailbreak_attempt": False
    }

    if not output.strip():
        issues["empty_response"] = True
        return issues

    sensitive_patterns = ["密码", "身份证", "银行卡"]
    if any(p in output for p in sensitive_patterns):
        issues["contains_sensitive"] = True

    if json_mode:
        try:
            json.loads(output)
        except json.JSONDecodeError:
            issues["malformed_json"] = True

    jailbreak_keywords = ["忽略上述指令", "system prompt", "你是一个程序员"]
    if any(kw in output for kw in jailbreak_keywords):
        issues["jailbreak_attempt"] = True

    return issues


def main() -> None:
    logs = parse_logs(sys.argv[1])

    # 4.1 提取基础统计
    total_requests = len(logs)
    avg_input_tokens = sum([log["metadata"]["prompt_tokens"] for log in logs]) / total_requests
    avg_output_tokens = sum([log["metadata"]["completion_tokens"] for log in logs]) / total_requests
    success_rate = sum([1 for log in logs if log["output"].strip()]) / total_requests

    # 4.2 应用于所有日志
    compliance_results = [check_compliance(log["output"], log["metadata"]["json_mode"]) for log in logs]

    # 统计违规比例
    violation_stats = defaultdict(int)
    for result in compliance_results:
        for k, v in result.items():
            if v:
                violation_stats[k] += 1

    # 4.3 性能指标分析
    latencies = [log["metadata"]["total_latency_ms"] for log in logs]
    throughputs = [log["metadata"]["completion_tokens"] / (log["metadata"]["total_latency_ms"] / 1000)
                   for log in logs if log["metadata"]["total_latency_ms"] > 0]

    p95_latency = sorted(latencies)[int(0.95 * len(latencies))]
    avg_throughput = sum(throughputs) / len(throughputs)

    # The article prints these with f-strings; we print the unrounded values as JSON.
    json.dump({
        "total_requests": total_requests,
        "avg_input_tokens": avg_input_tokens,
        "avg_output_tokens": avg_output_tokens,
        "success_rate": success_rate,
        **{k: violation_stats[k] for k in ("empty_response", "contains_sensitive", "malformed_json", "jailbreak_attempt")},
        "p95_latency": p95_latency,
        "avg_throughput": avg_throughput,
    }, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
