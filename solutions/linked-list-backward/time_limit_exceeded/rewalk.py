# TIME LIMIT EXCEEDED. The seed's naive approach: to step back from a node, walk
# from the head until the node whose Next is the current one. Correct, but the k
# steps back cost 1 + 2 + ... + (k - 1) Next-follows: O(k^2) time, O(1) extra memory.
# At k = 100000 that is 5 * 10^9 steps, far beyond 1 s. Correct on every test it
# finishes (up to 30-long-01, k = 2000: 2 * 10^6 steps); first too slow on
# 30-long-02 (k = 10000: 5 * 10^7 steps, several seconds in Python).
import sys

tok = sys.stdin.buffer.read().split()
head, n = int(tok[0]), int(tok[1])
nxt, data = {}, {}
for i in range(2, 2 + 3 * n, 3):
    nxt[int(tok[i])], data[int(tok[i])] = int(tok[i + 2]), tok[i + 1].decode()
k, cur = 0, head
while cur != -1:
    k += 1
    if nxt[cur] == -1:
        break
    cur = nxt[cur]
w = sys.stdout.write
w("%d\n" % k)
while k > 0:  # cur is the node to print; find its predecessor from the head
    w("%05d %s\n" % (cur, data[cur]))
    p = head
    if p != cur:
        while nxt[p] != cur:
            p = nxt[p]
    cur = p
    k -= 1
