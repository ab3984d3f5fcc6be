# Walk the list once from the head, asking for each node and keeping (address, data) in a
# list used as a stack, then print it from the top: the last node first.
# O(k) queries (one per node, the budget's minimum), O(k) time and memory.
# Tested by judge verify on every test, against the interactor's own walk of the .in.
head, budget = input().split()
nodes = []
at = head
while at != "-1":
    print("?", at, flush=True)
    data, nxt = input().split()
    nodes.append(f"{at} {data}")
    at = nxt
print(f"! {len(nodes)}", *reversed(nodes), sep="\n", flush=True)
