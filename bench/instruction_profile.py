#!/usr/bin/env python3
"""Instruction counts of one function of the native qwenlog, instruction by instruction.

cachegrind (valgrind 3.19) counts per function only; callgrind with --dump-instr=yes counts per instruction address,
but without DWARF its annotator cannot show them. This joins callgrind's self counts with objdump's disassembly of
the function, so the hot blocks of a function (a loop over fields, the path a value takes) can be read:

    valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=/tmp/cgi.out \\
        /tmp/cg/qwenlog analyze /tmp/s5k.jsonl --format json --parallelism 1 > /dev/null
    python3 bench/instruction_profile.py /tmp/cgi.out /tmp/cg/qwenlog LogLineParser__ReadMetadata --min 5000

The binary is the one bench/README.md ("Where the instructions go") publishes with its symbol table kept.
Standard library only.
"""
import argparse
import collections
import re
import subprocess


def self_costs(callgrind_file, function_pattern):
    """Self instruction counts per address of the functions whose name matches (a call's inclusive cost is left out)."""
    names, costs = {}, collections.Counter()
    current, address, after_calls = None, 0, False
    for line in open(callgrind_file, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("fn="):
            match = re.match(r"fn=\((\d+)\)(?: (.*))?", line)
            if match.group(2):
                names[match.group(1)] = match.group(2)
            current = names.get(match.group(1))
            continue
        if line.startswith("cfn="):
            match = re.match(r"cfn=\((\d+)\)(?: (.*))?", line)
            if match and match.group(2):
                names[match.group(1)] = match.group(2)
            continue
        if line.startswith("calls="):
            after_calls = True
            continue
        if not line or line[0] not in "+-*0":
            continue
        parts = line.split()
        token = parts[0]
        if token.startswith(("+", "-")):
            delta = int(token[1:], 16) if token[1:].startswith("0x") else int(token[1:])
            address = address + delta if token[0] == "+" else address - delta
        elif token != "*":
            address = int(token, 16)
        if after_calls:
            after_calls = False
            continue
        if current and function_pattern.search(current) and len(parts) >= 3:
            costs[address] += int(parts[2])
    return costs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("callgrind_file")
    parser.add_argument("binary")
    parser.add_argument("function", help="the end of the function's symbol, e.g. LogLineParser__ReadMetadata")
    parser.add_argument("--min", type=int, default=1, help="show instructions executed at least this often")
    args = parser.parse_args()

    costs = self_costs(args.callgrind_file, re.compile(re.escape(args.function) + "$"))
    if not costs:
        raise SystemExit(f"no counts for a function ending in {args.function}")
    symbols = subprocess.run(["nm", args.binary], capture_output=True, text=True, check=True).stdout.splitlines()
    text = sorted(int(p[0], 16) for p in (s.split() for s in symbols) if len(p) == 3 and p[1] in "tT")
    start = next(int(p[0], 16) for p in (s.split() for s in symbols) if len(p) == 3 and p[2].endswith(args.function))
    end = next(a for a in text if a > start)

    # The executable is position-independent: callgrind's addresses are the symbol table's plus the load base.
    base = min(costs) - start
    base -= base % 0x1000
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--start-address={start:#x}", f"--stop-address={end:#x}", args.binary],
                             capture_output=True, text=True, check=True).stdout
    print(f"{sum(costs.values()):,} instructions in {args.function}")
    for line in listing.splitlines():
        match = re.match(r"\s+([0-9a-f]+):\s+(.*)", line)
        if match and costs.get(int(match.group(1), 16) + base, 0) >= args.min:
            print(f"{costs.get(int(match.group(1), 16) + base, 0):10,} {match.group(1)} {match.group(2)[:110]}")


if __name__ == "__main__":
    main()
