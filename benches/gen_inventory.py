#!/usr/bin/env python3
"""Writes an inventory CSV of N single numbers for `tnhub import` timing.

    benches/gen_inventory.py consecutive 1000000 > /tmp/consecutive.csv
    benches/gen_inventory.py scattered 1000000 > /tmp/scattered.csv

consecutive: runs of whole thousands-blocks' worth of adjacent numbers in
NC exchanges (merge into few block rows). scattered: numbers picked at
random across many exchanges, never adjacent (one block row each).
"""
import random
import sys

kind, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
out = sys.stdout
out.write("number,state,city,rate_center,lata,tier,vendor_name,status\n")
# Geographic NPAs in several states; NXX 200-999 minus reserved ones.
npas = [919, 984, 704, 980, 336, 252, 828, 910, 212, 312, 415, 512, 617, 713, 305, 206]
bad_nxx = {555, 950, 958, 959} | {x for x in range(211, 1000, 100)}
nxxs = [x for x in range(200, 1000) if x not in bad_nxx and x % 100 != 11]
if kind == "consecutive":
    written = 0
    for npa in npas:
        for nxx in nxxs:
            for line in range(10000):
                if written >= n:
                    break
                if nxx == 555 or (npa, nxx) == (0, 0):
                    continue
                out.write(f"{npa}{nxx}{line:04d},NC,Raleigh,RALEIGH,426,0,Acme,available\n")
                written += 1
            if written >= n:
                break
        if written >= n:
            break
elif kind == "scattered":
    seen = set()
    while len(seen) < n:
        npa = rnd.choice(npas)
        nxx = rnd.choice(nxxs)
        line = rnd.randrange(0, 10000, 2)  # even lines only: never adjacent
        tn = npa * 10_000_000 + nxx * 10_000 + line
        if tn in seen:
            continue
        seen.add(tn)
        status = "excluded" if len(seen) % 1000 == 0 else "available"
        out.write(f"{tn},,,,,,,{status}\n")
else:
    sys.exit("kind must be consecutive or scattered")
