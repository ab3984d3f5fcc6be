# The naive way back: find the last node, then for each earlier node walk again from the
# head to find its predecessor. Right answer, but k(k+1)/2 queries for a list of k nodes:
# over the budget of k as soon as k >= 2.
# Caught by sample/1 (4 nodes, budget 4: the interactor rejects the 5th query).
head, budget = input().split()


def walk_until(stop):
    """Walk from the head to the node whose next is `stop`; returns (address, data)."""
    at = head
    while True:
        print("?", at, flush=True)
        data, nxt = input().split()
        if nxt == stop:
            return at, data
        at = nxt


answer = []
stop = "-1"
while head != "-1" and stop != head:
    at, data = walk_until(stop)
    answer.append(f"{at} {data}")
    stop = at
print(f"! {len(answer)}", *answer, sep="\n", flush=True)
