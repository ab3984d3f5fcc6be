# The right walk, but with the fast-input idiom: sys.stdin.readline() instead of input().
# input() flushes standard output before it reads; readline() does not, and print()
# without flush=True into a pipe is block buffered. The first query never reaches the
# interactor, and both sides wait until the wall-clock limit.
# Caught by sample/1 (TLE at the wall-clock limit).
import sys

head, budget = sys.stdin.readline().split()
nodes = []
at = head
while at != "-1":
    print("?", at)
    data, nxt = sys.stdin.readline().split()
    nodes.append(f"{at} {data}")
    at = nxt
print(f"! {len(nodes)}", *reversed(nodes), sep="\n")
