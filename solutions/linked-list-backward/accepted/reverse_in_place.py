# Reverses the Next pointers while walking forward from the head (counting the k
# nodes), then walks the reversed pointers from the old tail, printing each node.
# Time O(N), memory O(1) beyond the node table read from the input (the output is
# written node by node; no array or stack of the list is built).
import sys


def main() -> None:
    tok = sys.stdin.buffer.read().split()
    head, n = int(tok[0]), int(tok[1])
    nxt = [-1] * 100000
    data = [b""] * 100000
    for i in range(2, 2 + 3 * n, 3):
        a = int(tok[i])
        data[a] = tok[i + 1]
        nxt[a] = int(tok[i + 2])
    prev, cur, k = -1, head, 0
    while cur != -1:
        nxt[cur], prev, cur = prev, cur, nxt[cur]
        k += 1
    w = sys.stdout.buffer.write
    w(b"%d\n" % k)
    cur = prev
    while cur != -1:
        w(b"%05d %s\n" % (cur, data[cur]))
        cur = nxt[cur]


main()
