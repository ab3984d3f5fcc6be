# RUN-TIME ERROR. Idea: print the rest of the list recursively, then the current
# node, so the call stack plays the role of the array. Correct, O(N) time, but the
# recursion is k calls deep and Python's default recursion limit is 1000 frames:
# on any list longer than about 990 nodes it dies with RecursionError (exit 1).
# Correct on every test with a short list; first caught by
# 30-long-01 (a 2000-node list), the first test with a list over 900 nodes.
import sys

tok = sys.stdin.buffer.read().split()
head, n = int(tok[0]), int(tok[1])
nxt, data = {}, {}
for i in range(2, 2 + 3 * n, 3):
    nxt[int(tok[i])], data[int(tok[i])] = int(tok[i + 2]), tok[i + 1].decode()
out = []


def length(a: int) -> int:
    return 0 if a == -1 else 1 + length(nxt[a])


def back(a: int) -> None:
    if a != -1:
        back(nxt[a])
        out.append("%05d %s\n" % (a, data[a]))


print(length(head))
back(head)
sys.stdout.write("".join(out))
