#!/usr/bin/env python3
"""Rewrites a shard's outputs into one shape that real models write and the sample generator rarely does, to time
qwenlog where its detectors have the most to do.

Usage: python3 bench/output_shapes.py --from SHARD.jsonl --shape SHAPE --lines N --out FILE.jsonl [--seed S]
                                      [--ensure-ascii]

Shapes (each output is 5-40 pieces of one kind, or one block):
  numbers  order numbers, amounts, times, tables and arrays of integers, phone-like runs: every piece a run of digits
           the personal-number scanner must look at (IDs, phones, cards) and nearly all of them none
  tokens   UUIDs, SHA-1/SHA-256 digests, base64 blobs, URLs with tokens in their query, commit lines with e-mail
           addresses: high-entropy strings for the secret scanner, addresses for the e-mail scanner
  code     a Markdown block of Python source (the standard library's json package, which every Python has): quotes,
           backslashes and newlines that the JSON line must escape
  json     JSON documents (objects of arrays of objects, compact or indented like Python's json.dumps(indent=2)) with
           json_mode set, so every output goes through the malformed_json check
  asis     the outputs unchanged (with --ensure-ascii: the same shard written as Python's json.dumps does by default,
           every character outside ASCII as a \\uXXXX escape)

Everything but the output (and json_mode for the json shape) is copied from the source shard, so the figures stay
the article's and compare.py checks every tool against the article's script as for any file. The same arguments write
the same bytes.
"""
import argparse
import base64
import hashlib
import json
import os
import random
import uuid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", required=True, help="a shard with the article's schema")
    parser.add_argument("--shape", required=True, choices=["numbers", "tokens", "code", "json", "asis"])
    parser.add_argument("--lines", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ensure-ascii", action="store_true", help="escape every character outside ASCII")
    args = parser.parse_args()

    rnd = random.Random(args.seed)
    code = "".join(open(os.path.join(os.path.dirname(json.__file__), name), encoding="utf-8").read()
                   for name in ("decoder.py", "encoder.py", "scanner.py", "__init__.py"))

    def token():
        return uuid.UUID(int=rnd.getrandbits(128))

    def digest(algorithm):
        return hashlib.new(algorithm, rnd.randbytes(16)).hexdigest()

    def number_piece():
        kind = rnd.randrange(6)
        if kind == 0:
            return "订单号 %d，金额 %.2f 元，" % (rnd.randrange(10**17, 10**18), rnd.random() * 10000)
        if kind == 1:
            return "%d-%02d-%02d %02d:%02d:%02d " % (rnd.randrange(2000, 2030), rnd.randrange(1, 13), rnd.randrange(1, 29),
                                                     rnd.randrange(24), rnd.randrange(60), rnd.randrange(60))
        if kind == 2:
            return "| %d | %d | %.3f | %d |\n" % (rnd.randrange(1000), rnd.randrange(10**6), rnd.random(), rnd.randrange(10**9))
        if kind == 3:
            return "[" + ", ".join(str(rnd.randrange(-10**6, 10**6)) for _ in range(12)) + "] "
        if kind == 4:
            return "version %d.%d.%d build %d " % (rnd.randrange(10), rnd.randrange(100), rnd.randrange(1000), rnd.randrange(10**8))
        return "tel %d ext %d; " % (rnd.randrange(10**10, 10**11), rnd.randrange(1000))

    def token_piece():
        kind = rnd.randrange(6)
        if kind == 0:
            return "%s " % token()
        if kind == 1:
            return digest("sha256") + " "
        if kind == 2:
            return base64.b64encode(rnd.randbytes(rnd.randrange(20, 90))).decode() + " "
        if kind == 3:
            return "https://example.com/api/v%d/items?id=%s&token=%s " % (rnd.randrange(5), token().hex, digest("md5"))
        if kind == 4:
            user = rnd.randrange(99)
            return "commit %s Author: dev%d <dev%d@corp.example.org> " % (digest("sha1"), user, user)
        return "key_%d=%s; " % (rnd.randrange(100), base64.urlsafe_b64encode(rnd.randbytes(24)).decode().rstrip("="))

    def json_output():
        items = [{"id": rnd.randrange(10**6), "name": "商品%d" % j, "price": round(rnd.random() * 100, 2),
                  "tags": ["a", "b\"c", "d\\e"], "ok": True, "none": None} for j in range(rnd.randrange(3, 30))]
        return json.dumps({"items": items}, ensure_ascii=False, indent=rnd.choice([None, 2]))

    with open(args.source, encoding="utf-8") as source, open(args.out, "w", encoding="utf-8") as out:
        written = 0
        for line in source:
            if written >= args.lines:
                break
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a broken line of the source stays out: every line written is whole
            if not isinstance(record, dict):
                continue
            if args.shape == "numbers":
                record["output"] = "".join(number_piece() for _ in range(rnd.randrange(5, 40)))
            elif args.shape == "tokens":
                record["output"] = "".join(token_piece() for _ in range(rnd.randrange(5, 40)))
            elif args.shape == "code":
                start = rnd.randrange(0, len(code) - 3000)
                record["output"] = "下面是代码：\n```python\n" + code[start:start + rnd.randrange(300, 3000)] + "\n```"
            elif args.shape == "json":
                record["output"] = json_output()
                if isinstance(record.get("metadata"), dict):
                    record["metadata"]["json_mode"] = True
            out.write(json.dumps(record, ensure_ascii=args.ensure_ascii) + "\n")
            written += 1


if __name__ == "__main__":
    main()
