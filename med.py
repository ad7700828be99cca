import sys, statistics, collections
d = collections.defaultdict(list)
for line in sys.stdin:
    p = line.split()
    if p and p[0] == "sample": d[p[1]].append(float(p[3]))
print(sys.argv[1], " ".join(f"{k}={statistics.median(v):.2f}" for k, v in d.items()))
