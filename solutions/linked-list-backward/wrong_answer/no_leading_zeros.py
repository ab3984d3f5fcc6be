# WRONG ANSWER. Mistake: prints addresses as plain integers ("100" for 00100), though
# the output needs them as 5 digits. Otherwise correct (array walk, O(N) time and
# memory). Caught by sample 1: its last node is 00000, printed as "0".
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
print(len(order))
print("".join("%d %s\n" % (a, data[a]) for a in reversed(order)), end="")
