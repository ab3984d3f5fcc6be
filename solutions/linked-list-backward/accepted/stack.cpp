// Pushes the nodes met while following Next from the head onto a stack, then pops
// them: last node first. Addresses index plain arrays.
// Time O(N), memory O(N).
#include <cstdio>
#include <vector>
using namespace std;

int main() {
	static int nxt[100000];
	static long long val[100000];
	int head, n;
	if (scanf("%d %d", &head, &n) != 2) return 1;
	for (int i = 0; i < n; i++) {
		int a, b;
		long long d;
		scanf("%d %lld %d", &a, &d, &b);
		nxt[a] = b, val[a] = d;
	}
	vector<int> st;
	for (int a = head; a != -1; a = nxt[a]) st.push_back(a);
	printf("%zu\n", st.size());
	while (!st.empty()) {
		printf("%05d %lld\n", st.back(), val[st.back()]);
		st.pop_back();
	}
}
