# WRONG ANSWER. Mistake: takes the input lines for the list itself. It prints N as
# the count and every given node in reverse input order, so nodes off the list are
# printed too (and a list given out of order comes out scrambled).
# Passes sample 1 (its lines are in list order, every node on the list); caught by
# sample 2, which has nodes 99999 and 54321 off the list: it prints count 5, not 3.
# Time O(N), memory O(N).
import sys

lines = sys.stdin.read().split("\n")
n = int(lines[0].split()[1])
nodes = [line.split() for line in lines[1 : n + 1]]
print(n)
for a, d, _ in reversed(nodes):
    print(a, d)
