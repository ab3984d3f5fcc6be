# WRONG ANSWER. Mistake: forgets the first output line (the count k) and prints only
# the nodes, last first. Otherwise correct (array walk, O(N) time and memory).
# Caught by sample 1: the first token is "00000" where "4" is expected.
import sys

tok = sys.stdin.read().split()
head, n = int(tok[0]), int(tok[1])
nxt, data = {}, {}
for i in range(2, 2 + 3 * n, 3):
    nxt[int(tok[i])], data[int(tok[i])] = int(tok[i + 2]), tok[i + 1]
order = []
a = head
while a != -1:
    order.append(a)
    a = nxt[a]
print("".join("%05d %s\n" % (a, data[a]) for a in reversed(order)), end="")
