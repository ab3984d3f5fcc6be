# Reference. Follows Next from the head, appending each address to an array, then
# prints the array from its end: the array replaces the missing "prev" pointers.
# Time O(N), memory O(N) (a Next/Data table indexed by address plus the array).
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
    order = []
    a = head
    while a != -1:
        order.append(a)
        a = nxt[a]
    out = [b"%d" % len(order)]
    out += [b"%05d %s" % (a, data[a]) for a in reversed(order)]
    sys.stdout.buffer.write(b"\n".join(out) + b"\n")


main()
