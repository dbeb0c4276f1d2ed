#!/usr/bin/env python3
"""Writes a shard whose prompts and outputs are cut from prose none of us wrote, to time qwenlog on text unlike the
sample generator's.

Usage: python3 bench/prose_shards.py --lines N --out FILE.jsonl [--english DIR_OR_FILE ...] [--chinese FILE ...]
                                     [--seed S]

The generator's texts are template sentences with a few planted attacks and leaks; its timings say little about
prompts that are dense in the words the detectors look for. This script takes sentences from the files given
(English: by default Debian's /usr/share/common-licenses, legal prose full of "restrictions", "permission",
"modify"; Chinese: any UTF-8 text, such as the Chinese article the project started from, which discusses prompt
injection, sensitive words and jailbreaks) and strings them into inputs of 100-800 bytes and outputs of 200-3,000 bytes,
with the article's schema around them (Python's json.dumps, ensure_ascii=False). With both languages given, each
text is in one of them at random. Figures come out the same in every tool: compare.py checks them against the
article's script as for any file.

Fields are random but seeded: the same arguments write the same bytes.
"""
import argparse
import glob
import json
import os
import random
import re
import sys


def sentences(paths, pattern, joiner_min, joiner_max):
    found = []
    for path in paths:
        files = sorted(glob.glob(os.path.join(path, "*"))) if os.path.isdir(path) else [path]
        for name in files:
            try:
                with open(name, encoding="utf-8") as handle:
                    text = handle.read()
            except (UnicodeDecodeError, IsADirectoryError):
                continue
            found += [s.strip() for s in re.split(pattern, text) if joiner_min < len(s.strip()) < joiner_max]
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--english", nargs="*", default=None, help="files or folders of English prose")
    parser.add_argument("--chinese", nargs="*", default=[], help="files of Chinese prose (UTF-8)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    english_paths = args.english if args.english is not None else (
        [] if args.chinese else ["/usr/share/common-licenses"])
    english = sentences(english_paths, r"(?<=[.;:])\s+", 20, 400)
    chinese = sentences(args.chinese, r"(?<=[。！？；\n])", 8, 100_000)  # code blocks included: prompts quote code
    corpora = [c for c in (english, chinese) if c]
    if not corpora:
        sys.exit("no sentences found: pass --english and/or --chinese files")

    rnd = random.Random(args.seed)

    def text(target_bytes):
        corpus = rnd.choice(corpora)
        parts, size = [], 0
        while size < target_bytes:
            sentence = rnd.choice(corpus)
            parts.append(sentence)
            size += len(sentence.encode())
            if rnd.random() < 0.2:
                parts.append("\n\n")
        return (" " if corpus is english else "").join(parts)

    timestamp = 1767225600
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.lines):
            timestamp += rnd.randint(0, 3)
            prompt_tokens, completion_tokens = rnd.randint(20, 2000), rnd.randint(1, 1500)
            record = {
                "timestamp": timestamp,
                "level": rnd.choice(["INFO"] * 20 + ["ERROR"]),
                "request_id": "r%010d" % i,
                "model": rnd.choice(["qwen2.5-7b-instruct", "qwen2.5-7b-instruct-awq"]),
                "input": text(rnd.randint(100, 800)),
                "output": text(rnd.randint(200, 3000)) if rnd.random() > 0.02 else "",
                "metadata": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                    "first_token_latency_ms": round(rnd.uniform(20, 400), 1),
                    "total_latency_ms": round(rnd.lognormvariate(7, 1.0), 1),
                    "device": rnd.choice(["cuda:0", "cuda:1"]),
                    "temperature": 0.7,
                    "function_calling": False,
                    "json_mode": rnd.random() < 0.05,
                },
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
