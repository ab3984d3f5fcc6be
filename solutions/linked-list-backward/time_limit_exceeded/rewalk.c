/* TIME LIMIT EXCEEDED. The seed's naive approach in C, to show the algorithm and not
 * the language is at fault: to step back from the current node, walk from the head
 * until the node whose Next is the current one. Correct, but k steps back cost
 * 1 + 2 + ... + (k - 1) Next-follows: O(k^2) time, O(1) extra memory. At k = 100000
 * that is 5 * 10^9 dependent loads, several seconds even at -O2. Correct on every
 * test it finishes; first too slow on 40-max-01 (k = 100000). */
#include <stdio.h>

static int nxt[100000];
static long long val[100000];

int main(void) {
	int head, n, k = 0, cur;
	if (scanf("%d %d", &head, &n) != 2) return 1;
	for (int i = 0; i < n; i++) {
		int a, b;
		long long d;
		if (scanf("%d %lld %d", &a, &d, &b) != 3) return 1;
		nxt[a] = b, val[a] = d;
	}
	for (cur = head; cur != -1; cur = nxt[cur]) {
		k++;
		if (nxt[cur] == -1) break;
	}
	printf("%d\n", k);
	for (; k > 0; k--) {
		printf("%05d %lld\n", cur, val[cur]);
		int p = head;
		if (p != cur)
			while (nxt[p] != cur) p = nxt[p];
		cur = p;
	}
	return 0;
}
